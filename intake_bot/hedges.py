"""Words of doubt and hedging, per language: a typed reply holding one is asked again.

"creo que no", "espero que no", "I think so", "probably not", "not that I know of" do
not give a firm answer, and a firm answer read from them can lose a contraindication
(issue 20: "espero que no" to "¿Estás embarazada?" was recorded as No). The contract,
applied by :mod:`intake_bot.replies`:

- A reply that is exactly an option's words or synonyms is that option, hedge or not:
  "maybe" or "quizás" is *I'm not sure* where the question offers it (its synonyms say
  so in the flow file). A hedge standing inside an option's words found in the reply is
  part of them ("I might be" names *not_sure*'s "might be").
- Any other reply with a hedge, as whole words, is not understood, and the person is
  asked again with the options listed: yes/no, choice and multi questions alike (a
  hedged symptom, "I think I have dandruff", is asked again too: never guessed).
- A number reply (the age) is asked again with a hedge or with one of
  :data:`APPROXIMATIONS` ("about 40", "casi 18", "unos 40"): an age near a limit decides
  which questions follow.

Phrases are written as people type them; they are folded (lower case, no accents,
punctuation to spaces: "don't" -> "don t") before use, so list the forms typed without
an apostrophe too ("dont"). Every list applies whatever the language on screen, as an
option's words do. A language with no list here (a flow in French, say) simply has no
hedges: its replies are read by their option words, negations and these lists only.
Keep the phrases specific: "igual" alone means "the same" (a *normal* shedding synonym),
"about" alone starts "About the same as always"; so only "igual sí", and "about" for
numbers only.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# fmt: off
#: Doubt and hedges, per language, for every question type.
HEDGES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "en": (
            # not knowing
            "not sure", "unsure", "not really sure", "not quite sure", "not entirely sure",
            "not too sure", "not so sure", "not certain", "uncertain", "don't know",
            "dont know", "do not know", "dunno", "idk", "no idea", "no clue", "who knows",
            "can't say", "cant say", "hard to say", "hard to tell", "can't tell", "cant tell",
            "can't remember", "cant remember", "don't remember", "dont remember",
            "not that I remember", "not that I recall", "if I remember", "if I recall",
            "I forget",
            # how likely
            "maybe", "perhaps", "possibly", "possible", "probably", "likely", "unlikely",
            "might", "might be", "may be", "could be", "potentially", "presumably",
            "supposedly", "apparently", "chances are", "a chance", "doubt", "doubtful",
            # believing, guessing ("I think so", "I don't think so", "I think not")
            "think", "believe", "suppose", "guess", "guessing", "reckon", "assume",
            "assuming", "it seems", "seems so", "seems like", "I'd say", "id say",
            "I would say", "pretty sure", "fairly sure", "almost sure", "almost certainly",
            # hoping
            "hope", "hopefully", "fingers crossed",
            # as far as I know
            "as far as I know", "that I know of", "not that I know", "to my knowledge",
            "as far as I'm aware", "that I'm aware of", "not that I'm aware", "afaik",
            # vague
            "kind of", "kinda", "sort of", "sorta", "more or less", "depends",
        ),
        "es": (
            # no saber
            "no sé", "no lo sé", "no estoy seguro", "no estoy segura", "no muy seguro",
            "no muy segura", "no del todo", "no lo tengo claro", "no tengo claro",
            "ni idea", "yo qué sé", "quién sabe", "vete a saber", "no sabría",
            "no lo sabría", "no me acuerdo", "no recuerdo", "no lo recuerdo", "dudo",
            "lo dudo", "tengo dudas",
            # lo probable
            "quizá", "quizás", "tal vez", "a lo mejor", "igual sí", "igual no", "puede",
            "puede que", "puede ser", "podría", "podría ser", "pudiera", "posible",
            "es posible", "posiblemente", "probable", "probablemente", "seguramente",
            "supuestamente", "aparentemente", "al parecer", "casi seguro", "casi segura",
            "en principio", "a priori",
            # creer, suponer ("creo que sí", "no creo", "diría que no")
            "creo", "creería", "pienso", "me parece", "parece", "diría", "supongo",
            "imagino", "sospecho", "intuyo", "calculo", "juraría",
            # esperar
            "espero", "ojalá",
            # que yo sepa
            "que yo sepa", "hasta donde yo sé", "hasta donde sé", "por lo que sé",
            "que yo recuerde", "si no recuerdo mal", "si mal no recuerdo",
            # vago
            "más o menos", "algo así", "depende",
        ),
    }
)

#: Words that make a number approximate, per language: for number questions only.
APPROXIMATIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "en": (
            "about", "around", "roughly", "approximately", "approx", "almost", "nearly",
            "or so", "ish", "give or take", "over", "under", "more than", "less than",
            "at least", "at most", "or more", "or less", "something", "turning",
        ),
        "es": (
            "unos", "unas", "sobre", "alrededor", "cerca", "casi", "aproximadamente",
            "más de", "menos de", "por lo menos", "al menos", "como mucho", "o así",
            "y pico", "y tantos", "por ahí", "como", "cumplo", "cumpliré", "voy a cumplir",
        ),
    }
)
# fmt: on
