"""Hindi for the interface's English templates (see :mod:`lib.i18n`).

Terms follow NITI Aayog's Hindi usage where it has one: आकांक्षी ब्लॉक कार्यक्रम (Aspirational
Blocks Programme), समग्र स्कोर (composite score), डेल्टा रैंकिंग (delta ranking), संकेतक
(indicator), विषय (theme), लक्ष्य (target). "ABP" in an English text becomes "कार्यक्रम" (the
programme) or "आकांक्षी ब्लॉक". Placeholders in braces are kept as they are.
"""

HINDI = {
    # --- themes (lib.scoring.params.GROUP_LABELS)
    "Health": "स्वास्थ्य",
    "Nutrition": "पोषण",
    "Education": "शिक्षा",
    "Agriculture & Allied": "कृषि एवं संबद्ध",
    "Basic Infrastructure": "बुनियादी ढांचा",
    "Social Development": "सामाजिक विकास",
    # --- status (SDG dashboard lights) and trend labels (lib.profile)
    "achieved": "प्राप्त",
    "challenges remain": "चुनौतियां शेष",
    "significant challenges": "महत्वपूर्ण चुनौतियां",
    "major challenges": "बड़ी चुनौतियां",
    "no data": "डेटा नहीं",
    "on track": "सही राह पर",
    "moderately improving": "मध्यम सुधार",
    "stagnating": "ठहराव",
    "declining": "गिरावट",
    "insufficient data": "अपर्याप्त डेटा",
    # --- charts
    "District mean": "ज़िला औसत",
    "State mean": "राज्य औसत",
    "All-ABP mean": "सभी आकांक्षी ब्लॉकों का औसत",
    "ABP mean": "कार्यक्रम औसत",
    "ABP top quartile": "शीर्ष चौथाई आकांक्षी ब्लॉक",
    "Theme score (balanced method, 0-100)": "विषय स्कोर (संतुलित पद्धति, 0-100)",
    "Theme score (balanced method)": "विषय स्कोर (संतुलित पद्धति)",
    "Theme scores: {block} and its references": "विषय स्कोर: {block} और तुलना के आधार",
    "Theme scores, blocks side by side": "विषय स्कोर, ब्लॉक साथ-साथ",
    # --- what would it take (lib.rank_advice)
    "This block is not ranked this period, so there is no rank to improve on.": (
        "इस अवधि में इस ब्लॉक की रैंक नहीं है, इसलिए सुधारने के लिए कोई रैंक नहीं है।"
    ),
    "Rank {rank}: already among the top {band}.": "रैंक {rank}: पहले से शीर्ष {band} में।",
    "Rank {rank} now. To reach rank {target} or better, the composite needs about {gap} more points.": (
        "अभी रैंक {rank} है। रैंक {target} या उससे बेहतर पाने के लिए समग्र स्कोर में लगभग {gap} अंक और चाहिए।"
    ),
    "{goal} That cannot be closed this period: even with every indicator it reports at its best valid value, "
    "the block would rank {after}.": (
        "{goal} यह अंतर इस अवधि में पूरा नहीं हो सकता: हर सूचित संकेतक के सर्वोत्तम मान्य मान पर भी ब्लॉक की रैंक {after} होगी।"
    ),
    "Re-ranked with that value, the block would be rank {after}.": (
        "उस मान के साथ दोबारा रैंकिंग करने पर ब्लॉक की रैंक {after} होगी।"
    ),
    "Re-ranked with these values, the block would be rank {after}.": (
        "इन मानों के साथ दोबारा रैंकिंग करने पर ब्लॉक की रैंक {after} होगी।"
    ),
    "{goal} One indicator can do it on its own: {step}. {check}": "{goal} एक संकेतक अकेले यह कर सकता है: {step}। {check}",
    "{goal} No single indicator can close the gap within its valid range, but together these can: {steps}. {check}": (
        "{goal} कोई एक संकेतक अपनी मान्य सीमा में यह अंतर पूरा नहीं कर सकता, पर ये मिलकर कर सकते हैं: {steps}। {check}"
    ),
    "raise {name} by {points} points, from {start:.1f} to {end:.1f}": (
        "{name} को {points} अंक बढ़ाएं, {start:.1f} से {end:.1f} तक"
    ),
    "lower {name} by {points} points, from {start:.1f} to {end:.1f}": (
        "{name} को {points} अंक घटाएं, {start:.1f} से {end:.1f} तक"
    ),
    "under 0.1": "0.1 से कम",
    # --- headline figures (lib.report.content)
    "Composite score": "समग्र स्कोर",
    "All-India rank": "अखिल भारतीय रैंक",
    "Delta rank (progress since {baseline})": "डेल्टा रैंक ({baseline} से प्रगति)",
    "Data completeness": "डेटा पूर्णता",
    "Latest report": "नवीनतम रिपोर्ट",
    "not ranked": "रैंक नहीं",
    "not ranked this period": "इस अवधि में रैंक नहीं",
    "more than {share} of indicators missing ({reported})": "{share} से अधिक संकेतक अनुपलब्ध ({reported})",
    "{present} of {included} indicators reported": "{included} में से {present} संकेतक सूचित",
    "{rank} of {ranked}": "{ranked} में {rank}",
    "{change} since {period}": "{period} से {change}",
    "data loaded {date}": "डेटा लोड: {date}",
    "no rank in {since}": "{since} में रैंक नहीं",
    "no earlier rank": "पहले की रैंक नहीं",
    "unchanged since {since}": "{since} से अपरिवर्तित",
    "up {places} place since {since}": "{since} से {places} स्थान ऊपर",
    "up {places} places since {since}": "{since} से {places} स्थान ऊपर",
    "down {places} place since {since}": "{since} से {places} स्थान नीचे",
    "down {places} places since {since}": "{since} से {places} स्थान नीचे",
    # --- source line
    "Source: {text}": "स्रोत: {text}",
    "Synthetic demo data, not real ABP figures.": "कृत्रिम डेमो डेटा, कार्यक्रम के वास्तविक आंकड़े नहीं।",
    "Made {date} by the ABP dashboard.": "आकांक्षी ब्लॉक डैशबोर्ड द्वारा {date} को बनाया गया।",
    "Ranking: official default method (NITI's Most Balanced Performer), among aspirational blocks. Status and "
    "trend: the Block profile's rules (gap to target in points; slope of the last 12 reports). Units: LGD "
    "register (GODL-India).": (
        "रैंकिंग: आधिकारिक डिफ़ॉल्ट पद्धति (नीति आयोग की 'सबसे संतुलित प्रदर्शक' पद्धति), आकांक्षी ब्लॉकों के बीच। "
        "स्थिति और रुझान: ब्लॉक प्रोफ़ाइल के नियम (लक्ष्य से अंतर, अंकों में; पिछली 12 रिपोर्टों का ढलान)। "
        "इकाइयां: स्थानीय शासन निर्देशिका (एलजीडी) रजिस्टर (GODL-India)।"
    ),
    # --- report card (lib.report.card_pdf)
    "Block report card": "ब्लॉक रिपोर्ट कार्ड",
    "Block report cards, {period}": "ब्लॉक रिपोर्ट कार्ड, {period}",
    "{district} district, {state} · block code {code} · period {period}, baseline {baseline}": (
        "ज़िला {district}, {state} · ब्लॉक कोड {code} · अवधि {period}, आधार अवधि {baseline}"
    ),
    " · last meeting {period}": " · पिछली बैठक {period}",
    "SYNTHETIC DEMO DATA": "कृत्रिम डेमो डेटा",
    "not real ABP figures": "कार्यक्रम के वास्तविक आंकड़े नहीं",
    "Theme scores (0-100) against district, state and ABP means": (
        "विषय स्कोर (0-100): ज़िला, राज्य और कार्यक्रम औसत से तुलना"
    ),
    "Block": "ब्लॉक",
    "block": "ब्लॉक",
    "District": "ज़िला",
    "State": "राज्य",
    "ABP": "कार्यक्रम",
    "Furthest from target: the block's reports (blue), ABP mean (grey)": (
        "लक्ष्य से सबसे दूर: ब्लॉक की रिपोर्टें (नीला), कार्यक्रम औसत (धूसर)"
    ),
    "now {value} · target {target} · {trend}": "अभी {value} · लक्ष्य {target} · {trend}",
    "no reports": "कोई रिपोर्ट नहीं",
    "Every reported indicator has reached its target.": "हर सूचित संकेतक अपने लक्ष्य तक पहुंच चुका है।",
    "Every indicator: value now, change since {baseline}, target, status and trend": (
        "सभी संकेतक: वर्तमान मान, {baseline} से बदलाव, लक्ष्य, स्थिति और रुझान"
    ),
    "Indicator": "संकेतक",
    "Theme": "विषय",
    "Value": "मान",
    "Change": "बदलाव",
    "Target": "लक्ष्य",
    "Status": "स्थिति",
    "Trend": "रुझान",
    "What would it take to reach the next rank band": "अगले रैंक समूह तक पहुंचने के लिए क्या चाहिए",
    "{name}: page {number} of {pages}": "{name}: पृष्ठ {number} / {pages}",
    "Card {number} of {count}: {name}": "कार्ड {number} / {count}: {name}",
    "{count} report cards ready": "{count} रिपोर्ट कार्ड तैयार",
    # --- review deck (lib.report.deck)
    "SYNTHETIC DEMO DATA: not real figures": "कृत्रिम डेमो डेटा: वास्तविक आंकड़े नहीं",
    "the last meeting": "पिछली बैठक",
    "District review: {name}": "ज़िला समीक्षा: {name}",
    "State review: {name}": "राज्य समीक्षा: {name}",
    "Monthly review of {count} aspirational blocks": "{count} आकांक्षी ब्लॉकों की मासिक समीक्षा",
    "Period {period} (baseline {baseline})": "अवधि {period} (आधार अवधि {baseline})",
    "Period {period} (baseline {baseline}; last meeting {previous})": (
        "अवधि {period} (आधार अवधि {baseline}; पिछली बैठक {previous})"
    ),
    "Official default ranking among {ranked} ranked blocks": "{ranked} रैंक प्राप्त ब्लॉकों में आधिकारिक डिफ़ॉल्ट रैंकिंग",
    "Blocks ranked": "ब्लॉकों की रैंकिंग",
    "All-India rank among aspirational blocks, {period}; change since {since}": (
        "आकांक्षी ब्लॉकों में अखिल भारतीय रैंक, {period}; {since} से बदलाव"
    ),
    "Composite": "समग्र",
    "Change since {period}": "{period} से बदलाव",
    "Rank change (places)": "रैंक में बदलाव (स्थान)",
    "Delta rank": "डेल्टा रैंक",
    "rank {rank} of {ranked}": "रैंक {ranked} में {rank}",
    "What would it take: {plan}": "क्या चाहिए: {plan}",
    "Furthest from target": "लक्ष्य से सबसे दूर",
    "Where the blocks of {scope} lag most": "{scope} के ब्लॉक सबसे अधिक कहां पीछे हैं",
    "Average points short of target (0 once reached), against the same average over all aspirational blocks": (
        "लक्ष्य से औसत कमी, अंकों में (लक्ष्य प्राप्त होने पर 0), सभी आकांक्षी ब्लॉकों के इसी औसत से तुलना"
    ),
    "{scope}: points short": "{scope}: अंकों में कमी",
    "All ABP blocks: points short": "सभी आकांक्षी ब्लॉक: अंकों में कमी",
    "Blocks reporting": "सूचित करने वाले ब्लॉक",
    "Every indicator the blocks report has reached its target.": "ब्लॉकों द्वारा सूचित हर संकेतक लक्ष्य तक पहुंच चुका है।",
    "Biggest moves since {period}": "{period} से सबसे बड़े बदलाव",
    "Largest improvements and setbacks on single indicators (as-of values, clipped to the valid range)": (
        "एकल संकेतकों पर सबसे बड़े सुधार और गिरावटें (उस तिथि तक के मान, मान्य सीमा में सीमित)"
    ),
    "No indicator value changed since {period}.": "{period} से किसी संकेतक का मान नहीं बदला।",
    "Change (good direction)": "बदलाव (बेहतरी की दिशा में)",
    "Actions agreed": "तय की गई कार्रवाइयां",
    "One row per action: what, who, by when. Review at the next meeting.": (
        "हर कार्रवाई के लिए एक पंक्ति: क्या, कौन, कब तक। अगली बैठक में समीक्षा।"
    ),
    "Action": "कार्रवाई",
    "Owner": "ज़िम्मेदार",
    "Deadline": "समय सीमा",
    "Districts ranked": "ज़िलों की रैंकिंग",
    "By the mean composite of their aspirational blocks, {period}": "उनके आकांक्षी ब्लॉकों के औसत समग्र स्कोर के अनुसार, {period}",
    "Blocks": "ब्लॉक",
    "Mean composite": "औसत समग्र स्कोर",
    "Change (points)": "बदलाव (अंक)",
    "Best block rank": "सर्वश्रेष्ठ ब्लॉक रैंक",
    "{district}: {count} blocks, mean composite {composite}": "{district}: {count} ब्लॉक, औसत समग्र स्कोर {composite}",
    "Change since {period}: {change} points (mean of its blocks)": "{period} से बदलाव: {change} अंक (ब्लॉकों का औसत)",
    "No theme scores this period: its blocks reported no values.": (
        "इस अवधि में विषय स्कोर नहीं: इसके ब्लॉकों ने कोई मान सूचित नहीं किया।"
    ),
    "Slide for {name} ({number} of {count})": "{name} की स्लाइड ({number} / {count})",
    "Deck ready": "प्रस्तुति तैयार",
    # --- presentation mode (lib.ui.presentation) and the demo badge
    "block {number} of {count}": "ब्लॉक {number} / {count}",
    "Previous": "पिछला",
    "Next": "अगला",
    "Exit": "बाहर निकलें",
    "All India": "अखिल भारत",
    "No aspirational block in this scope has a ranking this period. Choose another scope or period.": (
        "इस दायरे के किसी आकांक्षी ब्लॉक की इस अवधि में रैंक नहीं है। कोई और दायरा या अवधि चुनें।"
    ),
    "Synthetic demo data": "कृत्रिम डेमो डेटा",
    "Generated by `python -m lib demo`: real district outlines, synthetic blocks and values. Not real ABP "
    "data; do not quote these figures.": (
        "`python -m lib demo` से बनाया गया: ज़िलों की वास्तविक सीमाएं, कृत्रिम ब्लॉक और मान। यह कार्यक्रम का "
        "वास्तविक डेटा नहीं है; इन आंकड़ों को उद्धृत न करें।"
    ),
}
