"""Hindi for the Map page: its controls, legend, tooltip, side panel and PNG export."""

HINDI = {
    # --- measures (lib.maps.measures) and classes (lib.maps.classify)
    "Composite score (official default)": "समग्र स्कोर (आधिकारिक डिफ़ॉल्ट)",
    "Rank (1 = best)": "रैंक (1 = सर्वश्रेष्ठ)",
    "Change in composite since baseline": "आधार अवधि से समग्र स्कोर में बदलाव",
    "Delta rank (1 = most improved)": "डेल्टा रैंक (1 = सबसे अधिक सुधार)",
    "Theme score: {theme}": "विषय स्कोर: {theme}",
    "points": "अंक",
    "Quantiles": "क्वांटाइल (बराबर संख्या)",
    "Equal interval": "बराबर अंतराल",
    "Natural breaks (Fisher-Jenks)": "प्राकृतिक विभाजन (फ़िशर-जेंक्स)",
    "No data": "डेटा नहीं",
    # --- the map's tooltip and status line (lib.maps.deck, lib/maps/web/map.js)
    "Rank {n}": "रैंक {n}",
    "data age {n}": "डेटा की आयु {n}",
    "{n} months": "{n} महीने",
    "n/a": "अज्ञात",
    "Loading the map outlines...": "मानचित्र की रेखाएं लोड हो रही हैं...",
    "The map could not be drawn:": "मानचित्र नहीं बन सका:",
    # --- dots and gaps (lib.maps.view, pages/map.py)
    "1 block has no outline in the database: it is drawn as a dot inside its district; "
    "load block boundaries to draw it as an area.": (
        "1 ब्लॉक की सीमा डेटाबेस में नहीं है: उसे उसके ज़िले के भीतर एक बिंदु से दिखाया गया है; उसे क्षेत्र के रूप "
        "में दिखाने के लिए ब्लॉक सीमाएं लोड करें।"
    ),
    "{count} blocks have no outline in the database: each is drawn as a dot inside its district; "
    "load block boundaries to draw them as areas.": (
        "{count} ब्लॉकों की सीमा डेटाबेस में नहीं है: हर एक को उसके ज़िले के भीतर एक बिंदु से दिखाया गया है; उन्हें "
        "क्षेत्रों के रूप में दिखाने के लिए ब्लॉक सीमाएं लोड करें।"
    ),
    "{count} {units} in this scope cannot be drawn: the database has no outline for them or for their "
    "district. Load district or block boundaries to place them on the map.": (
        "इस दायरे के {count} {units} मानचित्र पर नहीं दिखाए जा सकते: डेटाबेस में न उनकी सीमा है, न उनके ज़िले की। उन्हें "
        "मानचित्र पर लाने के लिए ज़िला या ब्लॉक सीमाएं लोड करें।"
    ),
    # --- pages/map.py
    "Measure": "माप",
    "Classes": "वर्ग",
    "Number": "संख्या",
    "Baseline": "आधार अवधि",
    "Play": "चलाएं",
    "Step the period a month a second, from the month after the baseline to the latest complete month": (
        "अवधि को हर सेकंड एक महीना आगे बढ़ाएं, आधार अवधि के बाद के महीने से नवीनतम पूर्ण महीने तक"
    ),
    "Basemap tiles (needs internet; off by default)": "आधार मानचित्र टाइल (इंटरनेट चाहिए; सामान्यतः बंद)",
    "{measure} needs an earlier period as baseline; choose a later period.": (
        "{measure} के लिए आधार के रूप में एक पहले की अवधि चाहिए; बाद की कोई अवधि चुनें।"
    ),
    " (baseline {baseline})": " (आधार {baseline})",
    "{monitored} coloured; state and district outlines drawn by the app": (
        "{monitored} रंगीन; राज्य और ज़िले की सीमाएं ऐप स्वयं बनाता है"
    ),
    "No {unit} in this scope has a value for this measure and period. Try another period or measure.": (
        "इस दायरे के किसी {unit} का इस माप और अवधि के लिए मान नहीं है। कोई दूसरी अवधि या माप चुनें।"
    ),
    "Legend": "संकेत-सूची",
    "Darker blue is always better.": "गहरा नीला हमेशा बेहतर है।",
    "Blue: improved · red: declined.": "नीला: सुधार · लाल: गिरावट।",
    "The {unit} under the pointer turns magenta.": "पॉइंटर के नीचे का {unit} मैजेंटा हो जाता है।",
    "Composite (official default)": "समग्र स्कोर (आधिकारिक डिफ़ॉल्ट)",
    "Open the {unit} profile": "{unit} की प्रोफ़ाइल खोलें",
    "Click a {unit} to see its key figures here.": "किसी {unit} पर क्लिक करें, उसके मुख्य आंकड़े यहां दिखेंगे।",
    "Distribution: {measure}": "वितरण: {measure}",
    "Class": "वर्ग",
    "Best 10": "सर्वश्रेष्ठ 10",
    "Worst 10": "सबसे पीछे 10",
    "Method: NITI Most Balanced Performer.": "पद्धति: नीति आयोग की सबसे संतुलित प्रदर्शक पद्धति।",
    "Download map image (PNG)": "मानचित्र की छवि डाउनलोड करें (PNG)",
    "Map outlines sent to the browser once per scope: {megabytes} MB; each change of measure, period or "
    "classes sends {kilobytes} kB.": (
        "मानचित्र की रेखाएं हर दायरे के लिए एक बार ब्राउज़र को भेजी जाती हैं: {megabytes} MB; माप, अवधि या वर्ग के हर "
        "बदलाव पर {kilobytes} kB।"
    ),
}
