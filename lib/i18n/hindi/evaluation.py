"""Hindi for the Pilot evaluation page: cohorts, choices, the headline and warnings, the charts and tables.

Terms: पायलट (pilot), समूह (cohort), तुलना वाले ब्लॉक (comparison blocks), अंतर-में-अंतर (difference-in-
differences), अनुमान (estimate), आकलक (estimator), विश्वास अंतराल (confidence interval), मानक त्रुटि
(standard error), ब्लॉक-माह (block-months). Authors' names are transliterated.
"""

HINDI = {
    # --- designs, estimators and views (lib.evaluation.spec, service, report, charts; lib.ui.state.EvalKeys)
    "all non-pilot aspirational blocks": "सभी गैर-पायलट आकांक्षी ब्लॉक",
    "non-pilot aspirational blocks in the pilot blocks' states": "पायलट ब्लॉकों के राज्यों के गैर-पायलट आकांक्षी ब्लॉक",
    "matched non-pilot aspirational blocks": "मिलान किए गए गैर-पायलट आकांक्षी ब्लॉक",
    "non-pilot aspirational blocks in the same states": "उन्हीं राज्यों के गैर-पायलट आकांक्षी ब्लॉक",
    "matched comparison blocks": "मिलान किए गए तुलना वाले ब्लॉक",
    "matched blocks": "मिलान किए गए ब्लॉक",
    "same-state blocks": "उसी राज्य के ब्लॉक",
    "all non-pilot blocks": "सभी गैर-पायलट ब्लॉक",
    "Matched comparison blocks": "मिलान किए गए तुलना वाले ब्लॉक",
    "Non-pilot blocks in the same states": "उन्हीं राज्यों के गैर-पायलट ब्लॉक",
    "All non-pilot blocks": "सभी गैर-पायलट ब्लॉक",
    "Interaction-weighted DiD (Sun-Abraham / Wooldridge; heterogeneity-robust)": (
        "अंतःक्रिया-भारित अंतर-में-अंतर (सन-अब्राहम / वूल्डरिज; विषमता के प्रति मज़बूत)"
    ),
    "Gardner two-stage DiD (heterogeneity-robust)": "गार्डनर का दो-चरण अंतर-में-अंतर (विषमता के प्रति मज़बूत)",
    "Two-way fixed effects DiD": "दो-तरफ़ा स्थिर प्रभाव अंतर-में-अंतर",
    "Sun-Abraham (interaction-weighted)": "सन-अब्राहम (अंतःक्रिया-भारित)",
    "Two-stage DiD (Gardner)": "दो-चरण अंतर-में-अंतर (गार्डनर)",
    "Two-way fixed effects": "दो-तरफ़ा स्थिर प्रभाव",
    "Naive (not causal)": "सरल तुलना (कारणात्मक नहीं)",
    "Sun-Abraham (robust)": "सन-अब्राहम (मज़बूत)",
    "Event study": "घटना अध्ययन",
    "Sun-Abraham": "सन-अब्राहम",
    "Two-stage DiD": "दो-चरण अंतर-में-अंतर",
    "Naive comparison": "सरल तुलना",
    "Randomisation inference": "यादृच्छिकीकरण अनुमिति",
    "Sensitivity": "संवेदनशीलता",
    "Balance": "संतुलन",
    "Panel used": "प्रयुक्त पैनल",
    "Cohorts in the database": "डेटाबेस के समूह",
    "Upload a CSV": "CSV अपलोड करें",
    "Pick blocks": "ब्लॉक चुनें",
    # --- the headline, its verdict and the warnings (lib.evaluation.report)
    "Design: {design}. Averaged over {months}, {outcome} in pilot blocks ({cohorts}) was {amount} different "
    "from {design}, after allowing for how the two groups differed before the start (95% CI {low} to {high}).": (
        "डिज़ाइन: {design}। {months} के औसत में, पायलट ब्लॉकों ({cohorts}) में {outcome} {design} से {amount} अलग "
        "था, शुरुआत से पहले दोनों समूहों के अंतर को ध्यान में रखने के बाद (95% विश्वास अंतराल {low} से {high})।"
    ),
    "Design: {design}. Averaged over {months}, {outcome} in pilot blocks ({cohorts}) was {amount} higher "
    "than in {design}, after allowing for how the two groups differed before the start (95% CI {low} to {high}).": (
        "डिज़ाइन: {design}। {months} के औसत में, पायलट ब्लॉकों ({cohorts}) में {outcome} {design} की तुलना में "
        "{amount} अधिक था, शुरुआत से पहले दोनों समूहों के अंतर को ध्यान में रखने के बाद (95% विश्वास अंतराल {low} "
        "से {high})।"
    ),
    "Design: {design}. Averaged over {months}, {outcome} in pilot blocks ({cohorts}) was {amount} lower "
    "than in {design}, after allowing for how the two groups differed before the start (95% CI {low} to {high}).": (
        "डिज़ाइन: {design}। {months} के औसत में, पायलट ब्लॉकों ({cohorts}) में {outcome} {design} की तुलना में "
        "{amount} कम था, शुरुआत से पहले दोनों समूहों के अंतर को ध्यान में रखने के बाद (95% विश्वास अंतराल {low} से "
        "{high})।"
    ),
    "Higher is better, so this is an improvement relative to the comparison.": (
        "अधिक बेहतर है, इसलिए तुलना के सापेक्ष यह सुधार है।"
    ),
    "Higher is better, so this is a deterioration relative to the comparison.": (
        "अधिक बेहतर है, इसलिए तुलना के सापेक्ष यह गिरावट है।"
    ),
    "Lower is better, so this is an improvement relative to the comparison.": (
        "कम बेहतर है, इसलिए तुलना के सापेक्ष यह सुधार है।"
    ),
    "Lower is better, so this is a deterioration relative to the comparison.": (
        "कम बेहतर है, इसलिए तुलना के सापेक्ष यह गिरावट है।"
    ),
    "The interval includes zero: the data cannot rule out no effect, nor an effect as large as {largest}.": (
        "अंतराल में शून्य शामिल है: डेटा न तो 'कोई प्रभाव नहीं' को नकार सकता है, न {largest} जितने बड़े प्रभाव को।"
    ),
    "With only {count} pilot blocks this is too thin for a verdict.": (
        "केवल {count} पायलट ब्लॉकों के साथ यह किसी निष्कर्ष के लिए बहुत कम है।"
    ),
    "{cohort}: only {months}": "{cohort}: केवल {months}",
    "the first 1 month from the start": "शुरुआत से पहले 1 महीने",
    "the first {months} months from the start": "शुरुआत से पहले {months} महीनों",
    "{theme} theme": "{theme} विषय",
    "{name}: pre-start level": "{name}: शुरुआत से पहले का स्तर",
    "{name}: pre-start trend": "{name}: शुरुआत से पहले का रुझान",
    "Pre-start trends differ between pilot and comparison blocks (joint test p = {p}): the comparison "
    "may not show what pilot blocks would have done without the pilot. Look at the event study: a "
    "steady drift before the start is a warning sign; isolated months are often noise.": (
        "शुरुआत से पहले पायलट और तुलना वाले ब्लॉकों के रुझान अलग हैं (संयुक्त परीक्षण p = {p}): हो सकता है तुलना यह न "
        "दिखाए कि पायलट के बिना पायलट ब्लॉक क्या करते। घटना अध्ययन देखें: शुरुआत से पहले लगातार खिसकाव चेतावनी का "
        "संकेत है; इक्का-दुक्का महीने अक्सर शोर होते हैं।"
    ),
    "Pre-start trends cannot be tested: too few months with reports before the start, "
    "or too few pilot blocks for the number of months.": (
        "शुरुआत से पहले के रुझानों का परीक्षण नहीं हो सकता: शुरुआत से पहले रिपोर्ट वाले महीने बहुत कम हैं, या महीनों "
        "की संख्या के हिसाब से पायलट ब्लॉक बहुत कम हैं।"
    ),
    "Only {count} pilot blocks: with fewer than {few} treated clusters, block-clustered standard "
    "errors can be too small. Read the interval as approximate.": (
        "केवल {count} पायलट ब्लॉक: {few} से कम उपचारित समूहों के साथ, ब्लॉक-स्तर पर समूहीकृत मानक त्रुटियां बहुत "
        "छोटी हो सकती हैं। अंतराल को अनुमानित मानें।"
    ),
    "Only {count} comparison blocks: the comparison average is noisy.": (
        "केवल {count} तुलना वाले ब्लॉक: तुलना का औसत अस्थिर है।"
    ),
    "The data cover fewer than the {months} months after the start asked for ({cohorts}).": (
        "डेटा शुरुआत के बाद मांगे गए {months} महीनों से कम अवधि का है ({cohorts})।"
    ),
    "{excluded} of {asked} pilot blocks were left out (each is listed with its reason); the estimate "
    "describes the rest only.": (
        "{asked} में से {excluded} पायलट ब्लॉक छोड़ दिए गए (हर एक कारण सहित सूचीबद्ध है); अनुमान केवल बाकी ब्लॉकों के बारे में है।"
    ),
    "and {count} more": "और {count} अन्य",
    "After matching, pilot and comparison blocks still differ by more than {smd} standardised differences "
    "on {count} matching variable(s): {listed}. Blocks that differed on these before the start may also "
    "have changed differently; see the Balance tab, and compare the designs.": (
        "मिलान के बाद भी पायलट और तुलना वाले ब्लॉक {count} मिलान चर पर {smd} मानकीकृत अंतर से अधिक भिन्न हैं: "
        "{listed}। जो ब्लॉक शुरुआत से पहले इन पर भिन्न थे, वे बाद में भी अलग तरह से बदले हो सकते हैं; संतुलन टैब "
        "देखें, और डिज़ाइनों की तुलना करें।"
    ),
    "Cohorts start in different months: two-way fixed effects can be biased when effects grow over "
    "time. Prefer the heterogeneity-robust estimates shown beside it.": (
        "समूह अलग-अलग महीनों में शुरू होते हैं: जब प्रभाव समय के साथ बढ़ते हैं तो दो-तरफ़ा स्थिर प्रभाव पक्षपाती हो "
        "सकते हैं। बगल में दिखाए गए, विषमता के प्रति मज़बूत अनुमानों को प्राथमिकता दें।"
    ),
    "This indicator is reported once a quarter, so the window holds few reports per block.": (
        "यह संकेतक तिमाही में एक बार सूचित होता है, इसलिए अवधि में हर ब्लॉक की रिपोर्ट कम हैं।"
    ),
    "This indicator is reported once a year, so the window holds few reports per block.": (
        "यह संकेतक साल में एक बार सूचित होता है, इसलिए अवधि में हर ब्लॉक की रिपोर्ट कम हैं।"
    ),
    "This indicator is reported {how_often}, so the window holds few reports per block.": (
        "यह संकेतक {how_often} सूचित होता है, इसलिए अवधि में हर ब्लॉक की रिपोर्ट कम हैं।"
    ),
    "{design} {estimate}, 95% CI {low} to {high}": "{design} {estimate}, 95% विश्वास अंतराल {low} से {high}",
    "The other comparison designs agree within their intervals ({designs}): the answer does not hinge on "
    "the choice of comparison blocks.": (
        "तुलना के अन्य डिज़ाइन अपने अंतरालों के भीतर सहमत हैं ({designs}): उत्तर तुलना वाले ब्लॉकों के चुनाव पर निर्भर नहीं है।"
    ),
    "The comparison designs disagree beyond their intervals ({designs}): the answer depends on which blocks "
    "the pilots are compared with. Matched blocks are the most like the pilots before the start; see the "
    "design comparison table before quoting a figure.": (
        "तुलना के डिज़ाइन अपने अंतरालों से परे असहमत हैं ({designs}): उत्तर इस पर निर्भर है कि पायलटों की तुलना किन "
        "ब्लॉकों से की जाए। शुरुआत से पहले मिलान किए गए ब्लॉक पायलटों से सबसे अधिक मिलते हैं; कोई आंकड़ा उद्धृत करने "
        "से पहले डिज़ाइन तुलना तालिका देखें।"
    ),
    "The smallest effect this design can detect cannot be computed (no standard error).": (
        "यह डिज़ाइन जितना छोटा प्रभाव पहचान सकता है, उसकी गणना नहीं हो सकती (मानक त्रुटि नहीं)।"
    ),
    "With {pilots} pilot blocks and {design}, this design can detect effects of about {amount} or more "
    "(80% power, 5% two-sided test); a smaller true effect would often go unnoticed.": (
        "{pilots} पायलट ब्लॉकों और {design} के साथ यह डिज़ाइन लगभग {amount} या उससे बड़े प्रभाव पहचान सकता है "
        "(80% शक्ति, 5% द्वि-पक्षीय परीक्षण); इससे छोटा वास्तविक प्रभाव अक्सर पकड़ में नहीं आएगा।"
    ),
    # --- outcomes (lib.evaluation.outcomes), sensitivity and effects
    "Composite score (all themes, equal weights)": "समग्र स्कोर (सभी विषय, बराबर भार)",
    "score points": "स्कोर अंक",
    "composite score": "समग्र स्कोर",
    "{theme} theme score": "{theme} विषय स्कोर",
    "percentage points": "प्रतिशत अंक",
    "Sensitivity to parallel trends cannot be assessed: no pre-start months to measure drift.": (
        "समानांतर रुझानों के प्रति संवेदनशीलता नहीं आंकी जा सकती: खिसकाव मापने के लिए शुरुआत से पहले के महीने नहीं हैं।"
    ),
    "Even if trends after the start were exactly parallel, the interval would include zero, "
    "so there is no effect for a trend violation to explain away.": (
        "शुरुआत के बाद रुझान पूरी तरह समानांतर होते तब भी अंतराल में शून्य शामिल होता, इसलिए ऐसा कोई प्रभाव नहीं है "
        "जिसे रुझान का उल्लंघन समझा सके।"
    ),
    "Pre-start differences were all zero, so no multiple of them removes the effect.": (
        "शुरुआत से पहले के सभी अंतर शून्य थे, इसलिए उनका कोई गुणज प्रभाव को नहीं हटाता।"
    ),
    "The effect stays clear of zero unless the pilot and comparison trends diverged after the start by "
    "more than {multiple} times the largest difference seen before it ({difference} {units}, against the "
    "month before the start).": (
        "प्रभाव शून्य से अलग रहता है, जब तक कि शुरुआत के बाद पायलट और तुलना के रुझान उससे पहले देखे गए सबसे बड़े "
        "अंतर ({difference} {units}, शुरुआत से पहले के महीने की तुलना में) के {multiple} गुना से अधिक अलग न हो "
        "गए हों।"
    ),
    "Pooled (all cohorts)": "संयुक्त (सभी समूह)",
    "average over the first {months} months": "पहले {months} महीनों का औसत",
    "month {month}": "महीना {month}",
    "(only {cohorts} has data)": "(केवल {cohorts} का डेटा है)",
    # --- the panel (lib.evaluation.panel)
    "no reports of this outcome in the window": "अवधि में इस परिणाम की कोई रिपोर्ट नहीं",
    "no report before the start in the window": "अवधि में शुरुआत से पहले कोई रिपोर्ट नहीं",
    "no report from the start on in the window": "अवधि में शुरुआत से कोई रिपोर्ट नहीं",
    "a matching variable is missing before the start": "शुरुआत से पहले एक मिलान चर अनुपलब्ध",
    "no comparison block within the caliper": "कैलिपर के भीतर कोई तुलना वाला ब्लॉक नहीं",
    "{count} pilot block(s) are not aspirational blocks, while every comparison block is; the two groups "
    "may differ in ways the comparison does not remove.": (
        "{count} पायलट ब्लॉक आकांक्षी ब्लॉक नहीं हैं, जबकि तुलना वाला हर ब्लॉक आकांक्षी है; दोनों समूह ऐसे तरीकों से "
        "भिन्न हो सकते हैं जिन्हें तुलना नहीं हटाती।"
    ),
    "{count} left out: {reason}": "{count} छोड़े गए: {reason}",
    "too few blocks to estimate: {treated} pilot and {comparison} comparison block(s) have reports both in "
    "this window (at least {needed} of each are needed)": (
        "अनुमान के लिए ब्लॉक बहुत कम हैं: इस अवधि में शुरुआत से पहले और बाद, दोनों में रिपोर्ट वाले {treated} पायलट "
        "और {comparison} तुलना वाले ब्लॉक हैं (दोनों के कम से कम {needed} चाहिए)"
    ),
    "Loosen the caliper or allow matches across states.": "कैलिपर ढीला करें या दूसरे राज्यों से मिलान की अनुमति दें।",
    "A quarterly outcome needs at least 3 months before the start and an annual one 12 or more; check that "
    "the outcome is reported in these months.": (
        "तिमाही परिणाम के लिए शुरुआत से पहले कम से कम 3 महीने और वार्षिक के लिए 12 या अधिक चाहिए; जांचें कि इन "
        "महीनों में परिणाम सूचित होता है।"
    ),
    "cohort '{cohort}' starts in {start}, but the data begin in {first}: there is no month before "
    "the start to compare with": (
        "समूह '{cohort}' {start} में शुरू होता है, पर डेटा {first} से शुरू होता है: तुलना के लिए शुरुआत से पहले का कोई महीना नहीं है"
    ),
    "cohort '{cohort}' starts in {start}, after the latest data ({last}): there is nothing to evaluate yet": (
        "समूह '{cohort}' {start} में शुरू होता है, जो नवीनतम डेटा ({last}) के बाद है: अभी मूल्यांकन के लिए कुछ नहीं है"
    ),
    "there are no non-pilot aspirational blocks to compare with in the pilot blocks' states; choose all "
    "non-pilot blocks": ("पायलट ब्लॉकों के राज्यों में तुलना के लिए कोई गैर-पायलट आकांक्षी ब्लॉक नहीं है; सभी गैर-पायलट ब्लॉक चुनें"),
    "there are no non-pilot aspirational blocks to compare with": "तुलना के लिए कोई गैर-पायलट आकांक्षी ब्लॉक नहीं है",
    "no matching variable has data before {cohort}'s start; use all non-pilot blocks as the "
    "comparison, or a longer window before the start": (
        "{cohort} की शुरुआत से पहले किसी मिलान चर का डेटा नहीं है; तुलना के लिए सभी गैर-पायलट ब्लॉक लें, या शुरुआत से पहले लंबी अवधि चुनें"
    ),
    # --- running it (lib.evaluation.service)
    "{design}: assembling the panel": "{design}: पैनल तैयार हो रहा है",
    "Describing the result": "परिणाम का विवरण",
    "Done": "पूरा हुआ",
    "{estimator} is not shown: {reason}": "{estimator} नहीं दिखाया गया: {reason}",
    "{estimator} cannot be estimated here: {reason}": "{estimator} का यहां अनुमान नहीं हो सकता: {reason}",
    "not estimable: {reason}": "अनुमान संभव नहीं: {reason}",
    "not run: {reason}": "नहीं चला: {reason}",
    "Placebo: start {months} months earlier": "प्लेसिबो: {months} महीने पहले शुरुआत",
    "Placebo: {outcome} (not targeted)": "प्लेसिबो: {outcome} (लक्षित नहीं)",
    "the placebo outcome is the outcome itself; choose one the pilot did not target": (
        "प्लेसिबो परिणाम वही परिणाम है; ऐसा चुनें जिसे पायलट ने लक्षित नहीं किया"
    ),
    "Comparison": "तुलना",
    # --- charts (lib.evaluation.charts)
    "{cohort} starts": "{cohort} शुरू",
    "{cohort}: no data from month {month}": "{cohort}: महीना {month} से डेटा नहीं",
    "Average {outcome}": "औसत {outcome}",
    "{outcome}: pilot and comparison blocks": "{outcome}: पायलट और तुलना वाले ब्लॉक",
    "Raw difference in {outcome} (not adjusted)": "{outcome} में सीधा अंतर (समायोजित नहीं)",
    "Pilot minus comparison": "पायलट घटा तुलना",
    "Month": "महीना",
    "Group": "समूह",
    "Average": "औसत",
    "Cohort": "समूह",
    "Difference": "अंतर",
    "Estimate": "अनुमान",
    "95% CI low": "95% विश्वास अंतराल, निचला",
    "95% CI high": "95% विश्वास अंतराल, ऊपरी",
    "Months since the start": "शुरुआत से महीने",
    "(reference: the last month with reports before the start)": "(संदर्भ: शुरुआत से पहले रिपोर्ट वाला अंतिम महीना)",
    "Effect on {outcome}": "{outcome} पर प्रभाव",
    "Event study: effect on {outcome} by month": "घटना अध्ययन: महीनेवार {outcome} पर प्रभाव",
    "Before matching": "मिलान से पहले",
    "After matching": "मिलान के बाद",
    "Standardised mean difference": "मानकीकृत माध्य अंतर",
    "(pilot minus comparison)": "(पायलट घटा तुलना)",
    "variable": "चर",
    "When": "कब",
    "Balance (Love plot)": "संतुलन (लव प्लॉट)",
    "Effect on {outcome} (95% interval)": "{outcome} पर प्रभाव (95% अंतराल)",
    "design": "डिज़ाइन",
    "The estimate under each comparison design": "तुलना के हर डिज़ाइन में अनुमान",
    # --- tables (lib.ui.evaluation_results)
    "method": "पद्धति",
    "estimate": "अनुमान",
    "std. error": "मानक त्रुटि",
    "p (t)": "p (t वितरण)",
    "degrees of freedom": "स्वतंत्रता की कोटि",
    "randomisation p": "यादृच्छिकीकरण p",
    "pre-trend p": "पूर्व-रुझान p",
    "pilot blocks": "पायलट ब्लॉक",
    "comparison blocks": "तुलना वाले ब्लॉक",
    "block-months": "ब्लॉक-माह",
    "note": "टिप्पणी",
    "cohort": "समूह",
    "effect": "प्रभाव",
    "months since start": "शुरुआत से महीने",
    "p": "p-मान",
    "Estimated effect": "अनुमानित प्रभाव",
    "95% interval": "95% अंतराल",
    "{low} to {high}": "{low} से {high}",
    "Pilot / comparison blocks": "पायलट / तुलना वाले ब्लॉक",
    "Pre-trend test p": "पूर्व-रुझान परीक्षण p",
    "Joint test that pilot and comparison blocks moved alike before the start. Small values "
    "(below 0.05) mean they did not, and the estimate is less credible.": (
        "संयुक्त परीक्षण कि शुरुआत से पहले पायलट और तुलना वाले ब्लॉक एक जैसे बदले। छोटे मान (0.05 से कम) का अर्थ है "
        "कि ऐसा नहीं हुआ, और अनुमान कम विश्वसनीय है।"
    ),
    "Randomisation p": "यादृच्छिकीकरण p",
    "Share of random re-assignments of the pilot label among comparable blocks that give a difference "
    "at least as large ({draws} re-assignments). Does not rely on many pilot blocks.": (
        "तुलनीय ब्लॉकों में पायलट का लेबल यादृच्छिक रूप से दोबारा बांटने पर कितने हिस्से में कम से कम इतना बड़ा अंतर "
        "मिलता है ({draws} पुनर्वितरण)। यह बहुत से पायलट ब्लॉकों पर निर्भर नहीं है।"
    ),
    "**Design comparison**: every comparison design with every estimator": (
        "**डिज़ाइन तुलना**: तुलना का हर डिज़ाइन, हर आकलक के साथ"
    ),
    "p (t) uses the t distribution with pilot blocks - 1 degrees of freedom. The randomisation p-value "
    "re-assigns the pilot label among each design's comparable blocks (the same for every estimator of a "
    "design). The naive rows only compare averages after the start: they mix the pilot's effect with the "
    "differences that got blocks chosen as pilots. Placebo rows should be near zero; one far from zero "
    "means the design finds effects where there were none.": (
        "p (t वितरण) पायलट ब्लॉक - 1 स्वतंत्रता की कोटि वाले t वितरण का उपयोग करता है। यादृच्छिकीकरण p हर डिज़ाइन के "
        "तुलनीय ब्लॉकों में पायलट का लेबल दोबारा बांटता है (किसी डिज़ाइन के हर आकलक के लिए एक ही)। सरल तुलना की "
        "पंक्तियां केवल शुरुआत के बाद के औसतों की तुलना करती हैं: वे पायलट के प्रभाव को उन अंतरों से मिला देती हैं "
        "जिनके कारण ब्लॉक पायलट चुने गए। प्लेसिबो पंक्तियां शून्य के पास होनी चाहिए; शून्य से दूर वाली पंक्ति का अर्थ "
        "है कि डिज़ाइन वहां प्रभाव पा रहा है जहां कोई नहीं था।"
    ),
    "**Effects by cohort and by month** (interaction-weighted estimator)": (
        "**समूह और महीने के अनुसार प्रभाव** (अंतःक्रिया-भारित आकलक)"
    ),
    "Month 1 is the start month (months since the start: 0). A cohort's average is over its own months; "
    "the pooled row weights cohorts by their pilot block-months.": (
        "महीना 1 शुरुआत का महीना है (शुरुआत से महीने: 0)। किसी समूह का औसत उसके अपने महीनों का है; संयुक्त पंक्ति "
        "समूहों को उनके पायलट ब्लॉक-माह के अनुसार भार देती है।"
    ),
    "Download the effects by cohort and month (CSV)": "समूह और महीने के अनुसार प्रभाव डाउनलोड करें (CSV)",
    "units": "इकाइयां",
    "Bounds on the event study's average effect after the start ({estimate}) if the pilot and comparison "
    "trends drifted apart after the start by up to M times the largest pre-start difference (the "
    "relative-magnitudes idea of Rambachan & Roth, 2023, in the simplified form the README describes). "
    "M = 0 is exact parallel trends.": (
        "शुरुआत के बाद घटना अध्ययन के औसत प्रभाव ({estimate}) की सीमाएं, यदि शुरुआत के बाद पायलट और तुलना के रुझान "
        "शुरुआत से पहले के सबसे बड़े अंतर के M गुना तक अलग हो गए हों (रामबचन और रॉथ, 2023 का सापेक्ष-परिमाण विचार, "
        "उस सरल रूप में जिसका वर्णन README करता है)। M = 0 का अर्थ है पूरी तरह समानांतर रुझान।"
    ),
    "95% bound low": "95% सीमा, निचली",
    "95% bound high": "95% सीमा, ऊपरी",
    "Download the bounds (CSV)": "सीमाएं डाउनलोड करें (CSV)",
    # --- the page and its widgets (pages/evaluation.py, lib.ui.evaluation)
    "Pilot blocks were not chosen at random, so comparing their averages with other blocks misleads. "
    "This page compares how much each group *changed* (difference-in-differences), lets you match pilot "
    "blocks to similar non-pilot blocks, and shows the uncertainty. The README explains each method.": (
        "पायलट ब्लॉक यादृच्छिक रूप से नहीं चुने गए थे, इसलिए उनके औसत की दूसरे ब्लॉकों से तुलना भ्रामक है। यह पृष्ठ "
        "तुलना करता है कि हर समूह कितना *बदला* (अंतर-में-अंतर), पायलट ब्लॉकों का मिलते-जुलते गैर-पायलट ब्लॉकों से "
        "मिलान करने देता है, और अनिश्चितता दिखाता है। हर पद्धति की व्याख्या README में है।"
    ),
    "1. Pilot cohorts": "1. पायलट समूह",
    "2. Outcome, comparison and window": "2. परिणाम, तुलना और अवधि",
    "3. Result": "3. परिणाम",
    "The database has no pilot cohorts. Upload a cohort list or pick blocks.": (
        "डेटाबेस में कोई पायलट समूह नहीं है। समूहों की सूची अपलोड करें या ब्लॉक चुनें।"
    ),
    "Choose at least one pilot cohort to see the evaluation.": "मूल्यांकन देखने के लिए कम से कम एक पायलट समूह चुनें।",
    "This evaluation cannot be run: {error}": "यह मूल्यांकन नहीं चल सकता: {error}",
    "Each point is the difference between pilot and comparison blocks in that month relative to the "
    "month before the start, with a 95% interval. Before the start (left of the dashed line) the points "
    "should hover around zero; after it, they trace the effect as it builds up. A dotted line marks "
    "where a cohort's data end: later months come from the other cohorts only.": (
        "हर बिंदु उस महीने में पायलट और तुलना वाले ब्लॉकों का अंतर है, शुरुआत से पहले के महीने के सापेक्ष, 95% "
        "अंतराल के साथ। शुरुआत से पहले (धराशायी रेखा के बाईं ओर) बिंदु शून्य के आसपास होने चाहिए; उसके बाद वे बनते "
        "हुए प्रभाव को दिखाते हैं। बिंदीदार रेखा बताती है कि किसी समूह का डेटा कहां समाप्त होता है: बाद के महीने केवल "
        "दूसरे समूहों से आते हैं।"
    ),
    "Balance is shown for the matched comparison. Choose 'Matched' under comparison blocks.": (
        "संतुलन मिलान वाली तुलना के लिए दिखाया जाता है। तुलना वाले ब्लॉकों में 'मिलान किए गए' चुनें।"
    ),
    "Standardised mean differences between pilot and comparison blocks before the start, on every "
    "matching variable, before and after matching. Within ±0.1 is close balance; beyond ±0.25 is "
    "warned about above the result (Stuart 2010).": (
        "शुरुआत से पहले पायलट और तुलना वाले ब्लॉकों के बीच हर मिलान चर पर मानकीकृत माध्य अंतर, मिलान से पहले और "
        "बाद। ±0.1 के भीतर अच्छा संतुलन है; ±0.25 से अधिक पर परिणाम के ऊपर चेतावनी दी जाती है (स्टुअर्ट 2010)।"
    ),
    "{count} block-months: pilot blocks within their window, comparison blocks over every month of the "
    "windows, with weights (matching weights for matched comparison blocks). The first 500 are shown; "
    "the download has them all, with the columns named as in the code.": (
        "{count} ब्लॉक-माह: पायलट ब्लॉक अपनी अवधि के भीतर, तुलना वाले ब्लॉक अवधियों के हर महीने में, भार सहित "
        "(मिलान किए गए तुलना वाले ब्लॉकों के लिए मिलान भार)। पहले 500 दिखाए गए हैं; डाउनलोड में सभी हैं, स्तंभों के "
        "नाम कोड के अनुसार।"
    ),
    "Download the panel (CSV)": "पैनल डाउनलोड करें (CSV)",
    "{count} pilot block(s) left out:": "{count} पायलट ब्लॉक छोड़े गए:",
    "Block code": "ब्लॉक कोड",
    "Cohort code": "समूह कोड",
    "Reason": "कारण",
    "Where the cohorts come from": "समूह कहां से आएं",
    "Pilot cohorts (choose several for staggered starts)": "पायलट समूह (अलग-अलग शुरुआत के लिए कई चुनें)",
    "{name} (starts {start}, {count} blocks)": "{name} ({start} से शुरू, {count} ब्लॉक)",
    "One row per block with three columns: block code (LGD code or unit id such as B900123), "
    "cohort name, start month (YYYY-MM). Nothing is used unless the whole file is clean.": (
        "हर ब्लॉक के लिए एक पंक्ति, तीन स्तंभों के साथ: ब्लॉक कोड (एलजीडी कोड या B900123 जैसा इकाई कोड), समूह का "
        "नाम, शुरुआत का महीना (वर्ष-माह, जैसे 2026-04)। जब तक पूरी फ़ाइल त्रुटिरहित न हो, कुछ भी उपयोग नहीं होता।"
    ),
    "Cohort list (CSV, up to {megabytes} MB)": "समूहों की सूची (CSV, अधिकतम {megabytes} MB)",
    "{file}: {count} problem(s); no cohort was taken from this file. Fix them and upload again.": (
        "{file}: {count} समस्या; इस फ़ाइल से कोई समूह नहीं लिया गया। उन्हें ठीक करके फिर अपलोड करें।"
    ),
    "Line": "पंक्ति",
    "Read {cohorts} cohort(s) with {blocks} blocks from {file}.": (
        "{file} से {cohorts} समूह, {blocks} ब्लॉकों के साथ, पढ़े गए।"
    ),
    "Cohorts from the file": "फ़ाइल के समूह",
    "Cohort name": "समूह का नाम",
    "My pilot blocks": "मेरे पायलट ब्लॉक",
    "Start month": "शुरुआत का महीना",
    "Pilot blocks": "पायलट ब्लॉक",
    "Type a block, district or state name": "किसी ब्लॉक, ज़िले या राज्य का नाम लिखें",
    "Choose the blocks that started the pilot.": "वे ब्लॉक चुनें जिन्होंने पायलट शुरू किया।",
    "Outcome": "परिणाम",
    "Comparison blocks": "तुलना वाले ब्लॉक",
    "Every option compares changes, not levels. 'Matched' (the default) keeps only blocks with similar "
    "pre-start levels and trends; the design comparison table shows the answer under every option.": (
        "हर विकल्प बदलावों की तुलना करता है, स्तरों की नहीं। 'मिलान किए गए' (डिफ़ॉल्ट) केवल उन ब्लॉकों को रखता है "
        "जिनके शुरुआत से पहले के स्तर और रुझान मिलते-जुलते हैं; डिज़ाइन तुलना तालिका हर विकल्प में उत्तर दिखाती है।"
    ),
    "Headline estimator": "मुख्य आकलक",
    "Every estimator is shown in the table; this one writes the headline sentence.": (
        "हर आकलक तालिका में दिखाया गया है; यह वाला मुख्य वाक्य लिखता है।"
    ),
    "Months before the start (baseline)": "शुरुआत से पहले के महीने (आधार)",
    "Months from the start (effect window)": "शुरुआत से महीने (प्रभाव अवधि)",
    "Matching options": "मिलान के विकल्प",
    "Comparison blocks per pilot block": "हर पायलट ब्लॉक के लिए तुलना वाले ब्लॉक",
    "Caliper (SD of the outcome's baseline level)": "कैलिपर (परिणाम के आधार स्तर के मानक विचलन में)",
    "With replacement": "दोहराव के साथ",
    "Same state only": "केवल उसी राज्य से",
    "Starting the evaluation": "मूल्यांकन शुरू हो रहा है",
    "Placebo outcome (one the pilot did not target)": "प्लेसिबो परिणाम (जिसे पायलट ने लक्षित नहीं किया)",
    "Run placebo checks": "प्लेसिबो जांच चलाएं",
    "Starting the placebo checks": "प्लेसिबो जांच शुरू हो रही है",
}
