"""The hair-loss triage rules, checked against shared/domain/triage-spec.md.

Every path here is a whole, valid path (built by walking path_of and checked by
check_answers), so a rule is only ever read on answers a real person could give.
"""

from __future__ import annotations

import pytest

from tests.hair_loss_paths import MESOTHERAPY_RULES, RULE_OUTCOME, SEVERITY, answers, calm, run

# A few ready-made ways to reach each mesotherapy rule with nothing else matching.
# (Each is the minimal path for the rule; the person is an adult.)
MESOTHERAPY_PATHS = {
    "postpartum_shedding": {
        "age": 30,
        "sex": "female",
        "pregnant": "no",
        "gave_birth_recently": "yes",
        "breastfeeding": "no",
        "shedding_amount": "increased",
        "onset": "gradual",
    },
    "menopausal_thinning": {
        "age": 52,
        "sex": "female",
        "menopause": "peri",
        "shedding_amount": "increased",
        "onset": "gradual",
    },
    "stress_shedding": {
        "stress_or_illness": ["major_stress"],
        "shedding_amount": "increased",
        "onset": "gradual",
    },
    "transplant_support": {"hair_transplant": "planned"},
    "seborrhoea_with_loss": {
        "scalp_symptoms": ["dandruff_oily"],
        "shedding_amount": "increased",
        "onset": "gradual",
    },
    "pattern_thinning": {"thinning_pattern": "crown", "onset": "gradual"},
}


def assert_only(result, rule_id):
    assert result.rule_ids == [rule_id]
    assert result.outcome == RULE_OUTCOME[rule_id]
    assert result.severity == SEVERITY[RULE_OUTCOME[rule_id]]


# --- baseline ---------------------------------------------------------------------------


def test_calm_adult_man_is_routine_with_no_rules():
    result = run()
    assert result.outcome == "routine"
    assert result.severity == 0
    assert result.rule_ids == []
    assert result.contraindications == ()


def test_calm_baseline_asks_no_conditional_question():
    assert answers() == calm()


# --- scarring_signs ---------------------------------------------------------------------


@pytest.mark.parametrize("symptom", ["pain_burning", "pustules", "shiny_smooth_skin"])
def test_scarring_signs_each_symptom_alone_is_urgent(symptom):
    assert_only(run(scalp_symptoms=[symptom]), "scarring_signs")


@pytest.mark.parametrize("symptom", ["itch", "dandruff_oily", "none"])
def test_scarring_signs_not_for_itch_dandruff_or_nothing(symptom):
    result = run(scalp_symptoms=[symptom])
    assert "scarring_signs" not in result.rule_ids
    assert result.outcome == "routine"


def test_scarring_signs_among_other_scalp_symptoms():
    result = run(scalp_symptoms=["itch", "dandruff_oily", "shiny_smooth_skin"])
    assert result.outcome == "specialist_urgent"
    assert "scarring_signs" in result.rule_ids


# --- rapid_widespread_loss --------------------------------------------------------------


@pytest.mark.parametrize("where", ["eyebrows", "eyelashes", "beard", "body"])
def test_rapid_widespread_loss_sudden_heavy_and_other_hair(where):
    result = run(shedding_amount="heavy", onset="sudden", other_hair_loss=[where])
    assert result.outcome == "specialist_urgent"
    # Sudden heavy loss elsewhere also means body hair loss and sudden shedding.
    assert set(result.rule_ids) == {"rapid_widespread_loss", "body_hair_loss", "sudden_shedding"}
    assert result.rule_ids[0] == "rapid_widespread_loss"


@pytest.mark.parametrize(
    ("overrides", "expected_rules"),
    [
        pytest.param(
            {"shedding_amount": "increased", "onset": "sudden", "other_hair_loss": ["eyebrows"]},
            {"body_hair_loss", "sudden_shedding"},
            id="increased-not-heavy",
        ),
        pytest.param(
            {"shedding_amount": "heavy", "onset": "gradual", "other_hair_loss": ["eyebrows"]},
            {"body_hair_loss"},
            id="gradual-not-sudden",
        ),
        pytest.param(
            {"shedding_amount": "heavy", "onset": "sudden", "other_hair_loss": ["none"]},
            {"sudden_shedding"},
            id="no-other-hair-loss",
        ),
        pytest.param(
            {
                "shedding_amount": "normal",
                "patches": "yes",
                "onset": "sudden",
                "other_hair_loss": ["eyelashes"],
            },
            {"bald_patches", "body_hair_loss"},
            id="normal-shedding",
        ),
    ],
)
def test_rapid_widespread_loss_near_misses(overrides, expected_rules):
    result = run(**overrides)
    assert "rapid_widespread_loss" not in result.rule_ids
    assert set(result.rule_ids) == expected_rules
    assert result.outcome == "specialist"


# --- bald_patches -----------------------------------------------------------------------


def test_bald_patches_alone_is_specialist():
    assert_only(run(patches="yes", onset="gradual"), "bald_patches")


def test_no_bald_patches_is_routine():
    assert run(patches="no").outcome == "routine"


# --- body_hair_loss ---------------------------------------------------------------------


@pytest.mark.parametrize("where", ["eyebrows", "eyelashes", "beard", "body"])
def test_body_hair_loss_each_place_alone_is_specialist(where):
    assert_only(run(other_hair_loss=[where]), "body_hair_loss")


def test_body_hair_loss_not_for_none():
    assert "body_hair_loss" not in run(other_hair_loss=["none"]).rule_ids


# --- sudden_shedding --------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["increased", "heavy"])
def test_sudden_shedding_increased_or_heavy(amount):
    assert_only(run(shedding_amount=amount, onset="sudden"), "sudden_shedding")


@pytest.mark.parametrize("amount", ["increased", "heavy"])
def test_gradual_shedding_is_not_sudden_shedding(amount):
    result = run(shedding_amount=amount, onset="gradual")
    assert "sudden_shedding" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"thinning_pattern": "diffuse"}, id="thinning"),
        pytest.param({"patches": "yes"}, id="patches"),
    ],
)
def test_sudden_onset_with_normal_shedding_is_not_sudden_shedding(overrides):
    # Onset is asked because hair loss is present, but shedding is normal.
    result = run(shedding_amount="normal", onset="sudden", **overrides)
    assert "sudden_shedding" not in result.rule_ids


# --- systemic_symptoms ------------------------------------------------------------------


@pytest.mark.parametrize(
    "symptom", ["fatigue", "weight_change", "temperature_intolerance", "heavy_periods"]
)
def test_systemic_symptoms_each_alone_is_specialist(symptom):
    assert_only(run(systemic_symptoms=[symptom]), "systemic_symptoms")


def test_systemic_symptoms_several_is_one_rule():
    result = run(systemic_symptoms=["fatigue", "weight_change"])
    assert result.rule_ids == ["systemic_symptoms"]


def test_systemic_symptoms_none_is_routine():
    assert run(systemic_symptoms=["none"]).outcome == "routine"


# --- scalp_inflammation -----------------------------------------------------------------


def test_scalp_inflammation_redness_scaling_is_specialist():
    assert_only(run(scalp_symptoms=["redness_scaling"]), "scalp_inflammation")


def test_itch_alone_is_not_scalp_inflammation():
    assert "scalp_inflammation" not in run(scalp_symptoms=["itch"]).rule_ids


# --- medication_related -----------------------------------------------------------------


@pytest.mark.parametrize("medicine", ["chemotherapy", "retinoids"])
@pytest.mark.parametrize("started_recently", ["yes", "no"])
def test_medication_related_chemotherapy_or_retinoids(medicine, started_recently):
    result = run(medications=[medicine], medication_started_recently=started_recently)
    assert result.rule_ids == ["medication_related"]
    assert result.outcome == "specialist"


@pytest.mark.parametrize(
    "medicine",
    [
        "anticoagulants",
        "hormonal_contraception_change",
        "hormone_therapy",
        "antidepressants",
        "thyroid_medication",
        "other",
    ],
)
def test_medication_related_any_medicine_started_recently(medicine):
    result = run(medications=[medicine], medication_started_recently="yes")
    assert result.rule_ids == ["medication_related"]
    assert result.outcome == "specialist"


@pytest.mark.parametrize(
    "medicine",
    ["antidepressants", "hormone_therapy", "thyroid_medication", "anticoagulants", "other"],
)
def test_medication_related_not_for_other_medicine_taken_for_long(medicine):
    result = run(medications=[medicine], medication_started_recently="no")
    assert "medication_related" not in result.rule_ids
    assert result.outcome == "routine"


# --- young_person -----------------------------------------------------------------------


@pytest.mark.parametrize("age", [1, 12, 17])
def test_young_person_under_18(age):
    assert_only(run(age=age), "young_person")


@pytest.mark.parametrize("age", [18, 19, 120])
def test_not_young_person_from_18(age):
    result = run(age=age)
    assert "young_person" not in result.rule_ids
    assert result.outcome == "routine"


# --- mesotherapy rules ------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", MESOTHERAPY_RULES)
def test_each_mesotherapy_rule_alone_gives_mesotherapy(rule_id):
    assert_only(run(**MESOTHERAPY_PATHS[rule_id]), rule_id)


@pytest.mark.parametrize("amount", ["increased", "heavy"])
def test_postpartum_shedding_increased_or_heavy(amount):
    result = run(**{**MESOTHERAPY_PATHS["postpartum_shedding"], "shedding_amount": amount})
    assert "postpartum_shedding" in result.rule_ids
    assert result.outcome == "mesotherapy"


@pytest.mark.parametrize("pregnant", ["no", "not_sure"])
def test_postpartum_shedding_after_pregnant_no_or_not_sure(pregnant):
    result = run(**{**MESOTHERAPY_PATHS["postpartum_shedding"], "pregnant": pregnant})
    assert "postpartum_shedding" in result.rule_ids


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"gave_birth_recently": "no", "breastfeeding": None}, id="no-birth"),
        pytest.param({"shedding_amount": "normal", "onset": None}, id="normal-shedding"),
    ],
)
def test_postpartum_shedding_near_misses(overrides):
    given = {**MESOTHERAPY_PATHS["postpartum_shedding"], **overrides}
    given = {k: v for k, v in given.items() if v is not None}
    result = run(**given)
    assert "postpartum_shedding" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("stage", ["peri", "post"])
@pytest.mark.parametrize(
    "hair_loss",
    [
        pytest.param({"shedding_amount": "increased", "onset": "gradual"}, id="increased"),
        pytest.param({"shedding_amount": "heavy", "onset": "gradual"}, id="heavy"),
        pytest.param({"thinning_pattern": "diffuse", "onset": "sudden"}, id="diffuse"),
        pytest.param({"thinning_pattern": "hairline", "onset": "sudden"}, id="hairline"),
        pytest.param({"thinning_pattern": "crown", "onset": "sudden"}, id="crown"),
        pytest.param({"thinning_pattern": "part_widening", "onset": "sudden"}, id="part"),
    ],
)
def test_menopausal_thinning_each_way_hair_loss_is_present(stage, hair_loss):
    result = run(age=50, sex="female", menopause=stage, **hair_loss)
    assert_only(result, "menopausal_thinning")


def test_menopausal_thinning_with_patches():
    result = run(age=50, sex="other", menopause="post", patches="yes", onset="gradual")
    assert set(result.rule_ids) == {"menopausal_thinning", "bald_patches"}


@pytest.mark.parametrize("stage", ["no", "not_sure"])
def test_menopausal_thinning_not_before_or_unsure_of_menopause(stage):
    result = run(
        age=50, sex="female", menopause=stage, shedding_amount="increased", onset="gradual"
    )
    assert result.outcome == "routine"


@pytest.mark.parametrize("thinning", ["none", "not_sure"])
def test_menopausal_thinning_needs_hair_loss(thinning):
    result = run(age=60, sex="female", menopause="post", thinning_pattern=thinning)
    assert "menopausal_thinning" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("event", ["major_stress", "illness_fever", "surgery", "crash_diet"])
@pytest.mark.parametrize("amount", ["increased", "heavy"])
def test_stress_shedding_each_event(event, amount):
    result = run(stress_or_illness=[event], shedding_amount=amount, onset="gradual")
    assert_only(result, "stress_shedding")


def test_stress_without_extra_shedding_is_not_stress_shedding():
    # Thinning makes hair loss present, but shedding is normal.
    result = run(
        stress_or_illness=["major_stress"],
        shedding_amount="normal",
        thinning_pattern="diffuse",
        onset="sudden",
    )
    assert "stress_shedding" not in result.rule_ids
    assert result.outcome == "routine"


def test_extra_shedding_without_stress_is_not_stress_shedding():
    result = run(stress_or_illness=["none"], shedding_amount="increased", onset="gradual")
    assert result.outcome == "routine"


@pytest.mark.parametrize("transplant", ["planned", "done_within_12_months"])
def test_transplant_support(transplant):
    assert_only(run(hair_transplant=transplant), "transplant_support")


@pytest.mark.parametrize("transplant", ["none", "done_earlier"])
def test_no_transplant_support_when_none_or_long_ago(transplant):
    assert run(hair_transplant=transplant).outcome == "routine"


@pytest.mark.parametrize(
    "hair_loss",
    [
        pytest.param({"shedding_amount": "increased", "onset": "gradual"}, id="increased"),
        pytest.param({"thinning_pattern": "diffuse", "onset": "sudden"}, id="thinning"),
    ],
)
def test_seborrhoea_with_loss(hair_loss):
    result = run(scalp_symptoms=["dandruff_oily"], **hair_loss)
    assert_only(result, "seborrhoea_with_loss")


def test_dandruff_without_hair_loss_is_routine():
    result = run(scalp_symptoms=["dandruff_oily"], thinning_pattern="not_sure")
    assert "seborrhoea_with_loss" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("pattern", ["diffuse", "hairline", "crown", "part_widening"])
def test_pattern_thinning_gradual_each_pattern(pattern):
    assert_only(run(thinning_pattern=pattern, onset="gradual"), "pattern_thinning")


@pytest.mark.parametrize("pattern", ["diffuse", "hairline", "crown", "part_widening"])
def test_sudden_thinning_is_not_pattern_thinning(pattern):
    result = run(thinning_pattern=pattern, onset="sudden")
    assert "pattern_thinning" not in result.rule_ids
    assert result.outcome == "routine"


def test_gradual_shedding_without_a_pattern_is_not_pattern_thinning():
    result = run(thinning_pattern="not_sure", shedding_amount="increased", onset="gradual")
    assert "pattern_thinning" not in result.rule_ids


# Each mesotherapy rule at 17 (young_person only) and at 18 (the mesotherapy rule).
YOUNG_PATHS = {
    "postpartum_shedding": MESOTHERAPY_PATHS["postpartum_shedding"],
    "stress_shedding": MESOTHERAPY_PATHS["stress_shedding"],
    "transplant_support": MESOTHERAPY_PATHS["transplant_support"],
    "seborrhoea_with_loss": MESOTHERAPY_PATHS["seborrhoea_with_loss"],
    "pattern_thinning": MESOTHERAPY_PATHS["pattern_thinning"],
}


@pytest.mark.parametrize("rule_id", sorted(YOUNG_PATHS))
def test_mesotherapy_rule_needs_age_18(rule_id):
    young = run(**{**YOUNG_PATHS[rule_id], "age": 17})
    assert young.rule_ids == ["young_person"]
    assert young.outcome == "specialist"
    adult = run(**{**YOUNG_PATHS[rule_id], "age": 18})
    assert adult.rule_ids == [rule_id]
    assert adult.outcome == "mesotherapy"


def test_menopausal_thinning_cannot_reach_a_minor():
    # menopause is asked only from 35, so under 18 it can never match.
    given = answers(age=17, sex="female", shedding_amount="increased", onset="gradual")
    assert "menopause" not in given


# --- mesotherapy_not_suitable -----------------------------------------------------------

# Each contraindication in the spec: (overrides, contraindication id in the result).
# The mesotherapy rule that matches is transplant_support (hair_transplant planned),
# except where noted; women aged 30 answer pregnant/gave_birth/breastfeeding.
WOMAN = {"age": 30, "sex": "female"}
CONTRAINDICATIONS = [
    pytest.param({**WOMAN, "pregnant": "yes"}, "pregnancy", set(), id="pregnant-yes"),
    pytest.param({**WOMAN, "pregnant": "not_sure"}, "pregnancy", set(), id="pregnant-not-sure"),
    pytest.param(
        {**WOMAN, "pregnant": "no", "gave_birth_recently": "yes", "breastfeeding": "yes"},
        "breastfeeding",
        set(),
        id="breastfeeding",
    ),
    pytest.param(
        {**WOMAN, "pregnant": "no", "gave_birth_recently": "no", "breastfeeding": "yes"},
        "breastfeeding",
        set(),
        id="breastfeeding-a-toddler",
    ),
    pytest.param(
        {**WOMAN, "pregnant": "no", "planning_pregnancy": "yes"},
        "planning_pregnancy",
        set(),
        id="planning-pregnancy",
    ),
    pytest.param(
        {"medications": ["anticoagulants"], "medication_started_recently": "no"},
        "anticoagulants",
        set(),
        id="anticoagulants",
    ),
    pytest.param({"bleeding_disorder": "yes"}, "bleeding_disorder", set(), id="bleeding_disorder"),
    pytest.param(
        {"medications": ["chemotherapy"], "medication_started_recently": "no"},
        "chemotherapy",
        {"medication_related"},
        id="chemotherapy",
    ),
    pytest.param({"health_conditions": ["cancer_current"]}, "cancer_current", set(), id="cancer"),
    pytest.param(
        {"health_conditions": ["scalp_infection"]}, "scalp_infection", set(), id="scalp_infection"
    ),
    pytest.param({"health_conditions": ["keloids"]}, "keloids", set(), id="keloids"),
    pytest.param({"health_conditions": ["diabetes"]}, "diabetes", set(), id="diabetes"),
    pytest.param({"health_conditions": ["autoimmune"]}, "autoimmune", set(), id="autoimmune"),
    pytest.param(
        {"health_conditions": ["heart_or_kidney"]}, "heart_or_kidney", set(), id="heart_or_kidney"
    ),
    pytest.param({"allergies": "yes"}, "allergies", set(), id="allergies"),
]


@pytest.mark.parametrize(("contra", "contra_id", "also"), CONTRAINDICATIONS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_mesotherapy_not_suitable_for_each_contraindication(contra, contra_id, also, language):
    result = run(language=language, hair_transplant="planned", **contra)
    assert result.outcome == "specialist"
    assert set(result.rule_ids) == {"transplant_support", "mesotherapy_not_suitable", *also}
    assert [c.id for c in result.contraindications] == [contra_id]
    reason = {r.id: r.reason for r in result.rules}["mesotherapy_not_suitable"]
    found = result.contraindications[0]
    assert found.text and found.text in reason
    assert "{" not in reason  # no placeholder left for the person to see


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_contraindication_gives_its_own_reason(language):
    # The reason must say *which* contraindication holds, not the same words for all.
    # Pregnancy is worded per answer: "you are pregnant" / "you may be pregnant".
    reasons: dict[str, set[str]] = {}
    for param in CONTRAINDICATIONS:
        contra, contra_id, _ = param.values
        result = run(language=language, hair_transplant="planned", **contra)
        reason = {r.id: r.reason for r in result.rules}["mesotherapy_not_suitable"]
        reasons.setdefault(contra_id, set()).add(reason)
    assert len(reasons.pop("pregnancy")) == 2
    assert all(len(texts) == 1 for texts in reasons.values())
    distinct = {text for texts in reasons.values() for text in texts}
    assert len(distinct) == len(reasons) == 13 - 1  # pus-filled spots: below


@pytest.mark.parametrize("rule_id", MESOTHERAPY_RULES)
def test_mesotherapy_not_suitable_after_any_mesotherapy_rule(rule_id):
    result = run(**MESOTHERAPY_PATHS[rule_id], bleeding_disorder="yes")
    assert set(result.rule_ids) == {rule_id, "mesotherapy_not_suitable"}
    assert result.outcome == "specialist"
    # The specialist rule comes before the mesotherapy rule it overrides.
    assert result.rule_ids == ["mesotherapy_not_suitable", rule_id]


@pytest.mark.parametrize("language", ["en", "es"])
def test_mesotherapy_not_suitable_names_every_contraindication_found(language):
    result = run(
        language=language,
        hair_transplant="planned",
        medications=["anticoagulants"],
        medication_started_recently="no",
        health_conditions=["diabetes", "keloids"],
        allergies="yes",
    )
    ids = {c.id for c in result.contraindications}
    assert ids == {"anticoagulants", "diabetes", "keloids", "allergies"}
    reason = {r.id: r.reason for r in result.rules}["mesotherapy_not_suitable"]
    for found in result.contraindications:
        assert found.text in reason


@pytest.mark.parametrize(("contra", "contra_id", "also"), CONTRAINDICATIONS)
def test_contraindication_without_mesotherapy_rule_is_not_mesotherapy_not_suitable(
    contra, contra_id, also
):
    result = run(**contra)
    assert "mesotherapy_not_suitable" not in result.rule_ids
    assert set(result.rule_ids) == also
    assert result.outcome == ("specialist" if also else "routine")


@pytest.mark.parametrize("language", ["en", "es"])
def test_pus_filled_spots_are_urgent_and_a_contraindication_too(language):
    result = run(language=language, scalp_symptoms=["pustules"], hair_transplant="planned")
    assert result.outcome == "specialist_urgent"
    assert result.rule_ids == ["scarring_signs", "mesotherapy_not_suitable", "transplant_support"]
    assert [c.id for c in result.contraindications] == ["pustules"]
    reason = {r.id: r.reason for r in result.rules}["mesotherapy_not_suitable"]
    assert result.contraindications[0].text in reason


def test_contraindication_for_a_minor_is_young_person_only():
    # At 17 no mesotherapy rule matches, so there is nothing to be unsuitable for.
    result = run(age=17, sex="female", pregnant="yes", hair_transplant="planned")
    assert result.rule_ids == ["young_person"]


def test_pregnant_no_is_not_a_contraindication():
    result = run(**WOMAN, pregnant="no", gave_birth_recently="no", hair_transplant="planned")
    assert result.rule_ids == ["transplant_support"]
    assert result.outcome == "mesotherapy"
    assert result.contraindications == ()


def test_gave_birth_without_breastfeeding_is_not_a_contraindication():
    result = run(**MESOTHERAPY_PATHS["postpartum_shedding"])
    assert result.contraindications == ()
    assert result.outcome == "mesotherapy"


# --- combining rules: severity, order, reasons, disclaimer --------------------------------


def test_most_severe_outcome_wins_and_rules_most_severe_first():
    result = run(
        scalp_symptoms=["pain_burning"],
        patches="yes",
        onset="gradual",
        hair_transplant="planned",
    )
    assert result.outcome == "specialist_urgent"
    assert result.severity == 3
    assert result.rule_ids == ["scarring_signs", "bald_patches", "transplant_support"]
    assert [r.severity for r in result.rules] == [3, 2, 1]
    assert [r.outcome for r in result.rules] == [
        "specialist_urgent",
        "specialist",
        "mesotherapy",
    ]


def test_specialist_beats_mesotherapy():
    result = run(thinning_pattern="diffuse", onset="gradual", systemic_symptoms=["fatigue"])
    assert result.outcome == "specialist"
    assert result.rule_ids == ["systemic_symptoms", "pattern_thinning"]


WHOLE_RANGE = [
    pytest.param({}, id="calm"),
    pytest.param({"age": 17}, id="young"),
    pytest.param({"hair_transplant": "planned"}, id="mesotherapy"),
    pytest.param({"patches": "yes", "onset": "gradual"}, id="specialist"),
    pytest.param({"scalp_symptoms": ["pain_burning"]}, id="urgent"),
    pytest.param(
        {"scalp_symptoms": ["pustules", "redness_scaling"], "hair_transplant": "planned"},
        id="mixed",
    ),
]


@pytest.mark.parametrize("overrides", WHOLE_RANGE)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_matching_rule_has_its_reason_most_severe_first(overrides, language):
    result = run(language=language, **overrides)
    severities = [r.severity for r in result.rules]
    assert severities == sorted(severities, reverse=True)
    expected = max(severities, default=0)
    assert result.severity == expected == SEVERITY[result.outcome]
    for rule in result.rules:
        assert rule.outcome == RULE_OUTCOME[rule.id]
        assert rule.severity == SEVERITY[rule.outcome]
        assert rule.reason.strip()
        assert rule.reason in result.to_text()


@pytest.mark.parametrize("overrides", WHOLE_RANGE)
def test_reasons_are_translated(overrides):
    en = run(language="en", **overrides)
    es = run(language="es", **overrides)
    assert en.rule_ids == es.rule_ids
    for en_rule, es_rule in zip(en.rules, es.rules, strict=True):
        assert en_rule.reason != es_rule.reason


@pytest.mark.parametrize("overrides", WHOLE_RANGE)
def test_every_result_carries_the_disclaimer_in_en_and_es(overrides):
    en = run(language="en", **overrides)
    es = run(language="es", **overrides)
    assert "not a diagnosis" in en.disclaimer.lower()
    assert "staff" in en.disclaimer.lower()
    assert "diagnóstico" in es.disclaimer.lower()
    assert "personal" in es.disclaimer.lower()
    assert en.disclaimer != es.disclaimer
    assert en.disclaimer in en.to_text()
    assert es.disclaimer in es.to_text()


# --- whole patients ----------------------------------------------------------------------

PATIENTS = [
    pytest.param({}, "routine", set(), id="calm-man-40"),
    pytest.param(
        {
            "age": 29,
            "sex": "female",
            "shedding_amount": "increased",
            "onset": "gradual",
            "duration": "under_3_months",
            "pregnant": "no",
            "gave_birth_recently": "yes",
            "breastfeeding": "no",
            "family_history": "yes",
        },
        "mesotherapy",
        {"postpartum_shedding"},
        id="postpartum-not-breastfeeding",
    ),
    pytest.param(
        {
            "age": 28,
            "sex": "female",
            "shedding_amount": "heavy",
            "thinning_pattern": "diffuse",
            "onset": "gradual",
            "pregnant": "no",
            "gave_birth_recently": "yes",
            "breastfeeding": "yes",
        },
        "specialist",
        {"postpartum_shedding", "pattern_thinning", "mesotherapy_not_suitable"},
        id="postpartum-breastfeeding",
    ),
    pytest.param(
        {
            "age": 52,
            "sex": "female",
            "thinning_pattern": "part_widening",
            "onset": "gradual",
            "duration": "over_12_months",
            "menopause": "post",
            "medications": ["hormone_therapy"],
            "medication_started_recently": "no",
            "family_history": "yes",
            "prior_treatments": ["minoxidil", "supplements"],
        },
        "mesotherapy",
        {"menopausal_thinning", "pattern_thinning"},
        id="postmenopausal-widening-part",
    ),
    pytest.param(
        {
            "age": 35,
            "thinning_pattern": "hairline",
            "onset": "gradual",
            "duration": "over_12_months",
            "family_history": "yes",
            "hair_transplant": "planned",
            "prior_treatments": ["finasteride"],
        },
        "mesotherapy",
        {"pattern_thinning", "transplant_support"},
        id="man-planning-transplant",
    ),
    pytest.param(
        {
            "age": 24,
            "sex": "female",
            "shedding_amount": "heavy",
            "patches": "yes",
            "onset": "sudden",
            "duration": "under_3_months",
            "other_hair_loss": ["eyebrows", "eyelashes"],
            "pregnant": "no",
            "gave_birth_recently": "no",
        },
        "specialist_urgent",
        {"rapid_widespread_loss", "bald_patches", "body_hair_loss", "sudden_shedding"},
        id="sudden-total-loss",
    ),
    pytest.param(
        {
            "age": 45,
            "sex": "female",
            "patches": "yes",
            "onset": "gradual",
            "scalp_symptoms": ["pain_burning", "shiny_smooth_skin"],
            "pregnant": "no",
            "gave_birth_recently": "no",
            "menopause": "no",
        },
        "specialist_urgent",
        {"scarring_signs", "bald_patches"},
        id="scarring-patch",
    ),
    pytest.param(
        {
            "age": 33,
            "sex": "female",
            "shedding_amount": "increased",
            "thinning_pattern": "diffuse",
            "onset": "gradual",
            "systemic_symptoms": ["fatigue", "heavy_periods"],
            "pregnant": "no",
            "gave_birth_recently": "no",
        },
        "specialist",
        {"systemic_symptoms", "pattern_thinning"},
        id="tired-heavy-periods",
    ),
    pytest.param(
        {
            "age": 16,
            "shedding_amount": "increased",
            "onset": "sudden",
            "medications": ["retinoids"],
            "medication_started_recently": "yes",
            "stress_or_illness": ["major_stress"],
        },
        "specialist",
        {"medication_related", "sudden_shedding", "young_person"},
        id="teen-on-isotretinoin",
    ),
    pytest.param(
        {
            "age": 60,
            "thinning_pattern": "crown",
            "onset": "gradual",
            "scalp_symptoms": ["dandruff_oily", "itch"],
            "medications": ["anticoagulants"],
            "medication_started_recently": "no",
        },
        "specialist",
        {"pattern_thinning", "seborrhoea_with_loss", "mesotherapy_not_suitable"},
        id="man-on-warfarin",
    ),
    pytest.param(
        {
            "age": 40,
            "sex": "female",
            "shedding_amount": "increased",
            "onset": "gradual",
            "stress_or_illness": ["surgery", "major_stress"],
            "health_conditions": ["diabetes"],
            "pregnant": "no",
            "gave_birth_recently": "no",
            "menopause": "not_sure",
        },
        "specialist",
        {"stress_shedding", "mesotherapy_not_suitable"},
        id="after-surgery-diabetic",
    ),
    pytest.param(
        {"age": 58, "sex": "other", "menopause": "post", "thinning_pattern": "not_sure"},
        "routine",
        set(),
        id="postmenopausal-no-hair-loss",
    ),
    pytest.param(
        {
            "age": 38,
            "shedding_amount": "heavy",
            "onset": "sudden",
            "medications": ["chemotherapy"],
            "medication_started_recently": "yes",
            "health_conditions": ["cancer_current"],
        },
        "specialist",
        {"sudden_shedding", "medication_related"},
        id="chemotherapy-no-mesotherapy-rule",
    ),
]


@pytest.mark.parametrize(("overrides", "outcome", "rules"), PATIENTS)
def test_whole_patient(overrides, outcome, rules):
    result = run(**overrides)
    assert result.outcome == outcome
    assert set(result.rule_ids) == rules
    assert len(result.rule_ids) == len(rules)  # each rule reported once
