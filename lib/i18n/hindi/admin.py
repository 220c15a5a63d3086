"""Hindi for the Data admin page: the password gate, the choices, the check's headline and the load.

The check's summary, its problem texts and the load's one-line message come from :mod:`lib.ingest`
and stay in English for now (the page says so in Hindi). Account, password and sign in/out follow
common Hindi web usage (खाता, पासवर्ड, साइन इन); a GIS feature is फ़ीचर, a column स्तंभ.
"""

HINDI = {
    # --- the sign-in gate (lib.ui.admin)
    "Loading data from the app is switched off. Add admin accounts to `.streamlit/secrets.toml` "
    "(`[admin_accounts]`, hashes from `python -m lib admin hash-password`) or set `admin_password` "
    "there or the `{variable}` environment variable, then restart the app.": (
        "ऐप से डेटा लोड करना बंद है। `.streamlit/secrets.toml` में एडमिन खाते जोड़ें (`[admin_accounts]`, हैश "
        "`python -m lib admin hash-password` से) या वहां `admin_password` सेट करें या `{variable}` एनवायरनमेंट "
        "वेरिएबल सेट करें, फिर ऐप दोबारा शुरू करें।"
    ),
    "Account": "खाता",
    "Your admin account name": "आपके एडमिन खाते का नाम",
    "Your admin account name (leave empty to use the shared password)": (
        "आपके एडमिन खाते का नाम (साझा पासवर्ड से साइन इन करने के लिए खाली छोड़ें)"
    ),
    "Admin password": "एडमिन पासवर्ड",
    "Sign in": "साइन इन करें",
    "Too many wrong passwords: wait {seconds:.0f} seconds before trying again.": (
        "बहुत अधिक गलत पासवर्ड: दोबारा कोशिश करने से पहले {seconds:.0f} सेकंड रुकें।"
    ),
    "That account and password do not match.": "यह खाता और पासवर्ड मेल नहीं खाते।",
    "That account and password do not match. Wait {seconds:.0f} seconds before the next try.": (
        "यह खाता और पासवर्ड मेल नहीं खाते। अगली कोशिश से पहले {seconds:.0f} सेकंड रुकें।"
    ),
    "Signed in as **{account}**: loads are recorded under this account.": (
        "**{account}** के रूप में साइन इन: हर लोड इसी खाते के नाम से दर्ज होता है।"
    ),
    "Sign out": "साइन आउट करें",
    # --- what is loaded and how (pages/admin.py, lib.ui.admin)
    "Files are checked first and nothing is written until you press Load. A load is all or nothing; "
    "re-loading the same file changes nothing; values for the same unit, indicator and period are replaced. "
    "Every load is recorded under Indicators & data.": (
        "फ़ाइलें पहले जांची जाती हैं; 'डेटाबेस में लोड करें' दबाने तक कुछ भी नहीं लिखा जाता। लोड में या तो सब कुछ "
        "लिखा जाता है या कुछ भी नहीं; वही फ़ाइल दोबारा लोड करने से कुछ नहीं बदलता; एक ही इकाई, संकेतक और अवधि के "
        "मान नए मानों से बदल दिए जाते हैं। हर लोड 'संकेतक और डेटा' पृष्ठ पर दर्ज होता है।"
    ),
    "What are you loading?": "आप क्या लोड कर रहे हैं?",
    "Indicator values": "संकेतक मान",
    "Boundaries": "सीमाएं",
    "Indicator catalogue": "संकेतक सूची",
    "Cohort list": "समूहों की सूची",
    "Units": "इकाइयां",
    "District level suits district programmes and surveys such as NFHS.": (
        "ज़िला स्तर ज़िला कार्यक्रमों और एनएफएचएस जैसे सर्वेक्षणों के लिए उपयुक्त है।"
    ),
    "Layout": "तालिका का ढांचा",
    "Recognise from the header": "शीर्ष पंक्ति से पहचानें",
    "Long (unit, indicator, period, value)": "लंबा (इकाई, संकेतक, अवधि, मान)",
    "Wide: one column per indicator": "चौड़ा: हर संकेतक का एक स्तंभ",
    "Wide: one column per period": "चौड़ा: हर अवधि का एक स्तंभ",
    "Sheet (workbooks with several sheets)": "शीट (कई शीट वाली वर्कबुक के लिए)",
    "Leave out indicators the catalogue does not have (listed as notes)": (
        "जो संकेतक सूची में नहीं हैं, उन्हें छोड़ दें (टिप्पणियों में सूचीबद्ध)"
    ),
    "Load the rest when the only problems are units not found (they are listed and counted as rejected)": (
        "जब समस्याएं केवल न मिलने वाली इकाइयों की हों, तो बाकी लोड करें (वे सूचीबद्ध होती हैं और अस्वीकृत गिनी जाती हैं)"
    ),
    "Replace cohorts of the same id even when the file spells the name differently": (
        "एक ही आईडी वाले समूहों को बदलें, भले ही फ़ाइल में नाम की वर्तनी अलग हो"
    ),
    "Off: 'JICA Phase 1!' cannot replace the cohort 'JICA Phase 1'.": (
        "बंद होने पर: 'पायलट चरण 1!' समूह 'पायलट चरण 1' की जगह नहीं ले सकता।"
    ),
    "Attribute names (only when the check does not recognise them)": ("एट्रिब्यूट के नाम (केवल तब, जब जांच उन्हें न पहचाने)"),
    "Leave empty to recognise them from the file (e.g. DIST_LGD, DISTRICT, STATE_UT).": (
        "फ़ाइल से अपने-आप पहचानने के लिए खाली छोड़ें (जैसे DIST_LGD, DISTRICT, STATE_UT)।"
    ),
    "Unit code": "इकाई कोड",
    "Unit name": "इकाई का नाम",
    "State name": "राज्य का नाम",
    "State code": "राज्य कोड",
    "District name (block files)": "ज़िले का नाम (ब्लॉक फ़ाइलों में)",
    "Add features that match no unit as new units (created after the register's "
    "snapshot; listed as not in the register)": (
        "जो फ़ीचर किसी इकाई से मेल न खाएं, उन्हें नई इकाइयों के रूप में जोड़ें (रजिस्टर की प्रति के बाद बनी "
        "इकाइयां; 'रजिस्टर में नहीं' के रूप में सूचीबद्ध)"
    ),
    "{what} file": "फ़ाइल: {what}",
    "Choose a file to check. Accepted: {types} up to {megabytes} MB.": (
        "जांचने के लिए फ़ाइल चुनें। स्वीकार्य: {types}, अधिकतम {megabytes} MB।"
    ),
    # --- the check (pages/admin.py, lib.ui.admin)
    "Checking the file...": "फ़ाइल की जांच हो रही है...",
    "**{count} unit name(s) did not match exactly.** Tick a suggestion only after checking "
    "it is the same place; unticked names stay unmatched and block the load.": (
        "**{count} इकाई नाम हूबहू मेल नहीं खाए।** किसी सुझाव पर निशान तभी लगाएं जब आप जांच लें कि वह वही स्थान "
        "है; बिना निशान वाले नाम बेमेल रहते हैं और लोड को रोकते हैं।"
    ),
    "Code in file": "फ़ाइल में कोड",
    "Name in file": "फ़ाइल में नाम",
    "State in file": "फ़ाइल में राज्य",
    "State code in file": "फ़ाइल में राज्य कोड",
    "District in file": "फ़ाइल में ज़िला",
    "District code in file": "फ़ाइल में ज़िला कोड",
    "Suggested id": "सुझाई गई आईडी",
    "Suggested unit": "सुझाई गई इकाई",
    "Similarity": "समानता",
    "Accept": "स्वीकारें",
    "**{count} indicator name(s) are not in the catalogue** but look like one. Tick a "
    "suggestion only after checking it is the same KPI; unticked names block the load.": (
        "**{count} संकेतक नाम सूची में नहीं हैं**, पर सूची के किसी संकेतक जैसे दिखते हैं। किसी सुझाव पर निशान तभी "
        "लगाएं जब आप जांच लें कि वह वही संकेतक है; बिना निशान वाले नाम लोड को रोकते हैं।"
    ),
    "Indicator in file": "फ़ाइल में संकेतक",
    "Suggested KPI": "सुझाया गया संकेतक",
    "**{source}**: {summary}. {problems} problem(s), {notes} note(s).": (
        "**{source}**: {summary}। समस्याएं: {problems}, टिप्पणियां: {notes}।"
    ),
    "The messages of the file check and the load (the summary, each problem's description) are in English "
    "for now.": "फ़ाइल की जांच और लोड के संदेश (सारांश और हर समस्या का विवरण) अभी अंग्रेज़ी में हैं।",
    "line {line}": "पंक्ति {line}",
    "column '{column}'": "स्तंभ '{column}'",
    "... and {count} more in the table below": "... और {count} नीचे की तालिका में",
    "Kind": "प्रकार",
    "Line / feature": "पंक्ति / फ़ीचर",
    "Column": "स्तंभ",
    "What is wrong, and what to do": "क्या गलत है, और क्या करें",
    "Download the problem report (CSV)": "समस्याओं की रिपोर्ट डाउनलोड करें (CSV)",
    "Nothing can be loaded until every problem is fixed: correct the file and upload it again.": (
        "जब तक हर समस्या ठीक न हो, कुछ भी लोड नहीं हो सकता: फ़ाइल सुधारें और उसे फिर से अपलोड करें।"
    ),
    "Nothing can be loaded until every problem is fixed: correct the file and upload it again, "
    "or tick 'Load the rest' above.": (
        "जब तक हर समस्या ठीक न हो, कुछ भी लोड नहीं हो सकता: फ़ाइल सुधारें और उसे फिर से अपलोड करें, या ऊपर "
        "'बाकी लोड करें' पर निशान लगाएं।"
    ),
    # --- the load (pages/admin.py, lib.ui.admin)
    "Load into the database": "डेटाबेस में लोड करें",
    "Loading (the dashboard keeps showing the current data until the load is complete)...": (
        "लोड हो रहा है (लोड पूरा होने तक डैशबोर्ड मौजूदा डेटा ही दिखाता है)..."
    ),
    "{message}. Other pages show the new data on their next refresh.": (
        "{message}। दूसरे पृष्ठ अगली बार ताज़ा होने पर नया डेटा दिखाएंगे।"
    ),
    "Nothing was loaded: {reason}": "कुछ भी लोड नहीं हुआ: {reason}",
    "Nothing was loaded: the load stopped on a problem no check recognised (reference {reference} "
    "in the server log). The database is as it was; check the file and try again.": (
        "कुछ भी लोड नहीं हुआ: लोड एक ऐसी समस्या पर रुक गया जिसे कोई जांच नहीं पहचान सकी (सर्वर लॉग में संदर्भ "
        "{reference})। डेटाबेस पहले जैसा है; फ़ाइल जांचें और फिर कोशिश करें।"
    ),
}
