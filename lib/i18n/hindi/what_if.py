"""Hindi for the What-if page: methods, weights, the scenario's comparison with the official default,
the Monte Carlo of rank uncertainty and two saved scenarios side by side."""

HINDI = {
    # --- methods, normalisations and aggregations (lib.scoring.params, lib.scenario.METHOD_LABELS)
    "Balanced (NITI, geometric)": "संतुलित (नीति आयोग, ज्यामितीय)",
    "Distance to frontier (ADP)": "सीमांत से दूरी (आकांक्षी ज़िला कार्यक्रम)",
    "Z-score": "ज़ेड-स्कोर",
    "Percentile rank": "प्रतिशतक रैंक",
    "balanced": "संतुलित",
    "frontier": "सीमांत से दूरी",
    "zscore": "ज़ेड-स्कोर",
    "percentile": "प्रतिशतक",
    "percent": "प्रतिशत",
    "minmax": "न्यूनतम-अधिकतम",
    "arithmetic": "समांतर माध्य",
    "geometric": "ज्यामितीय माध्य",
    "method default": "पद्धति का अपना",
    "{method} ({normalisation}; {inner} within themes, {outer} across themes); weights {shares}; "
    "scope {scope}; period {period}": (
        "{method} ({normalisation}; विषयों के भीतर {inner}, विषयों के बीच {outer}); भार {shares}; दायरा {scope}; "
        "अवधि {period}"
    ),
    " vs {baseline}": " बनाम {baseline}",
    # --- scopes and the comparison (lib.scenario)
    "All aspirational blocks": "सभी आकांक्षी ब्लॉक",
    "All blocks with data": "डेटा वाले सभी ब्लॉक",
    "Aspirational blocks in {state}": "{state} के आकांक्षी ब्लॉक",
    "Ranking among {scope} is not available here (the choices are: {choices}); showing {default} instead.": (
        "{scope} के बीच रैंकिंग यहां उपलब्ध नहीं है (विकल्प: {choices}); इसके बजाय {default} दिखाए जा रहे हैं।"
    ),
    "No block is ranked under both the default and this scenario.": (
        "कोई भी ब्लॉक डिफ़ॉल्ट और इस परिदृश्य, दोनों में रैंक नहीं पाता।"
    ),
    "1 block moves {big} or more places": "1 ब्लॉक {big} या अधिक स्थान खिसकता है",
    "{count} blocks move {big} or more places": "{count} ब्लॉक {big} या अधिक स्थान खिसकते हैं",
    "the top {n} keeps {kept} of its {members} members": "शीर्ष {n} में उसके {members} में से {kept} सदस्य बने रहते हैं",
    "{moves}; {kept}; {largest}.": "{moves}; {kept}; {largest}।",
    "the largest move is 1 place": "सबसे बड़ा बदलाव 1 स्थान का है",
    "the largest move is {places} places": "सबसे बड़ा बदलाव {places} स्थानों का है",
    "Scenario rank": "परिदृश्य में रैंक",
    "Change in rank vs default (+ = up)": "डिफ़ॉल्ट की तुलना में रैंक में बदलाव (+ = ऊपर)",
    "Default rank": "डिफ़ॉल्ट रैंक",
    "Scenario score": "परिदृश्य में स्कोर",
    "Default score": "डिफ़ॉल्ट स्कोर",
    "Change in score since {period}": "{period} से स्कोर में बदलाव",
    "Rank A": "रैंक A",
    "Rank B": "रैंक B",
    "Change in rank from A to B (+ = up)": "A से B तक रैंक में बदलाव (+ = ऊपर)",
    "Score A": "स्कोर A",
    "Score B": "स्कोर B",
    "{unit} code": "{unit} कोड",
    "Rank": "रैंक",
    "Median rank over the draws": "सभी ड्रॉ में माध्यिका रैंक",
    "5th percentile rank": "5वें प्रतिशतक की रैंक",
    "95th percentile rank": "95वें प्रतिशतक की रैंक",
    "Share of draws ranked above the next block": "ड्रॉ का वह हिस्सा जिनमें अगले ब्लॉक से ऊपर",
    "Distinct from the next block (above it in 95% of draws)": "अगले ब्लॉक से अलग पहचाना जा सकता है (95% ड्रॉ में उससे ऊपर)",
    # --- charts (lib.charts)
    "Biggest movers: rank under the official default (grey) and the {scenario}": (
        "सबसे बड़े बदलाव: आधिकारिक डिफ़ॉल्ट (धूसर) और {scenario} में रैंक"
    ),
    "scenario": "परिदृश्य",
    "moves up": "ऊपर जाता है",
    "moves down": "नीचे जाता है",
    "Name": "नाम",
    "default rank": "डिफ़ॉल्ट रैंक",
    "scenario rank": "परिदृश्य में रैंक",
    "places moved up": "ऊपर खिसके स्थान",
    "Rank uncertainty: median and 5th-95th percentile over weight draws": (
        "रैंक की अनिश्चितता: भार के ड्रॉ में माध्यिका और 5वां-95वां प्रतिशतक"
    ),
    "distinct from next": "अगले से अलग",
    "not distinct from next": "अगले से अलग नहीं",
    "nominal rank": "घोषित रैंक",
    "median rank": "माध्यिका रैंक",
    "5th pct": "5वां प्रतिशतक",
    "95th pct": "95वां प्रतिशतक",
    "share of draws above next": "अगले से ऊपर वाले ड्रॉ का हिस्सा",
    # --- pages/what_if.py and lib/ui/state.py
    "The link's scenario could not be used ({error}); showing the official default.": (
        "लिंक का परिदृश्य उपयोग नहीं हो सका ({error}); आधिकारिक डिफ़ॉल्ट दिखाया जा रहा है।"
    ),
    "What-if: weights and methods": "क्या होगा अगर: भार और पद्धतियां",
    "Period {period} · compared with the official default (balanced method, equal theme weights) in the "
    "same scope. Every choice is kept in the page address: copy it to share the scenario.": (
        "अवधि {period} · उसी दायरे में आधिकारिक डिफ़ॉल्ट (संतुलित पद्धति, सभी विषयों का बराबर भार) से तुलना। हर "
        "चुनाव पृष्ठ के पते में रखा जाता है: परिदृश्य साझा करने के लिए उसे कॉपी करें।"
    ),
    "{what} cannot be computed: {error}. {advice}": "{what} की गणना नहीं हो सकती: {error}। {advice}",
    "Method": "पद्धति",
    "Within themes": "विषयों के भीतर",
    "Across themes": "विषयों के बीच",
    "Rank among": "किनके बीच रैंक",
    "Baseline (delta ranking)": "आधार अवधि (डेल्टा रैंकिंग)",
    "None": "कोई नहीं",
    "Theme weights": "विषयों के भार",
    "Equal weights": "बराबर भार",
    "ADP weights": "आकांक्षी ज़िला कार्यक्रम के भार",
    "**{share}** of the composite": "समग्र स्कोर का **{share}**",
    "**Indicators** (include, and weight within their theme)": "**संकेतक** (शामिल करें, और अपने विषय में भार दें)",
    "Leave a {unit} unranked when more than this % of included indicators are missing": (
        "शामिल संकेतकों में से इस % से अधिक अनुपलब्ध हों तो {unit} को रैंक न दें"
    ),
    "Include": "शामिल करें",
    "Weight": "भार",
    "Change it above, or open the page without the link's settings.": ("इसे ऊपर बदलें, या पृष्ठ को लिंक की सेटिंग के बिना खोलें।"),
    "This combination": "यह संयोजन",
    "The official default ranking": "आधिकारिक डिफ़ॉल्ट रैंकिंग",
    "This scenario's ranking": "इस परिदृश्य की रैंकिंग",
    "Result": "परिणाम",
    "No indicators in {themes}: their weight is shared among the other themes.": (
        "{themes} में कोई संकेतक नहीं: उनका भार बाकी विषयों में बंट जाता है।"
    ),
    "Change vs default": "डिफ़ॉल्ट की तुलना में बदलाव",
    "Scores are shown to one decimal: two {units} with the same shown score are ranked by the unrounded "
    "score. The CSV has two decimals and the change in rank as a signed number (+ = moved up).": (
        "स्कोर एक दशमलव तक दिखाए गए हैं: एक जैसे दिखने वाले स्कोर के दो {units} की रैंक बिना पूर्णांकित स्कोर से तय "
        "होती है। CSV में दो दशमलव हैं और रैंक का बदलाव चिह्न सहित संख्या है (+ = ऊपर गया)।"
    ),
    "Download ranks (CSV)": "रैंक डाउनलोड करें (CSV)",
    "No {unit} changes rank under this scenario.": "इस परिदृश्य में किसी {unit} की रैंक नहीं बदलती।",
    "How certain are these ranks?": "ये रैंक कितनी निश्चित हैं?",
    "Perturb every weight by up to ±%": "हर भार को अधिकतम ±% तक बदलें",
    "Draws": "ड्रॉ",
    "Also vary the method and aggregation": "पद्धति और संयोजन का तरीका भी बदलें",
    "Run Monte Carlo": "मोंटे कार्लो चलाएं",
    "The Monte Carlo": "मोंटे कार्लो",
    "Change the scenario above, or run it without varying the method.": ("ऊपर परिदृश्य बदलें, या पद्धति बदले बिना इसे चलाएं।"),
    "{draws} draws, weights ±{spread}%{methods}. Among the {shown} best-ranked {units} shown, "
    "**{indistinct}** cannot be told apart from the {unit} ranked just below them (ranked above it in "
    "fewer than 95% of draws).": (
        "{draws} ड्रॉ, भार ±{spread}%{methods}। दिखाए गए शीर्ष {shown} {units} में से **{indistinct}** को ठीक नीचे "
        "वाले {unit} से अलग नहीं पहचाना जा सकता (95% से कम ड्रॉ में उससे ऊपर)।"
    ),
    " and method choices": " और पद्धति के विकल्प",
    "Download intervals for all {count} {units} (CSV)": "सभी {count} {units} के अंतराल डाउनलोड करें (CSV)",
    "Run the Monte Carlo to see each {unit}'s median rank with its 5th-95th percentile interval.": (
        "हर {unit} की माध्यिका रैंक और उसका 5वां-95वां प्रतिशतक अंतराल देखने के लिए मोंटे कार्लो चलाएं।"
    ),
    "Compare two scenarios": "दो परिदृश्यों की तुलना",
    "Scenario name": "परिदृश्य का नाम",
    "My scenario": "मेरा परिदृश्य",
    "Save as {slot}": "{slot} के रूप में सहेजें",
    "Save the current settings as scenario A, change them, and save again as B to compare side by side.": (
        "मौजूदा सेटिंग को परिदृश्य A के रूप में सहेजें, उन्हें बदलें, और साथ-साथ तुलना के लिए फिर B के रूप में सहेजें।"
    ),
    "The comparison of A and B": "A और B की तुलना",
    "Save A and B again with settings that can be ranked for this period.": (
        "A और B को ऐसी सेटिंग के साथ फिर सहेजें जिनसे इस अवधि की रैंकिंग हो सके।"
    ),
    "From A to B: {summary}": "A से B तक: {summary}",
    "Change from A to B": "A से B तक बदलाव",
    "Download A vs B (CSV)": "A बनाम B डाउनलोड करें (CSV)",
}
