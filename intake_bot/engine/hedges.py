"""How sure a typed reply is, per language: hedges, filler and firm forms.

A firm answer read from an unsure reply can lose a contraindication (issue 20: "espero
que no" to "¿Estás embarazada?" was recorded as No; then "no q yo sepa", "me da que no",
"no, I'd imagine": no list of hedges is ever complete). So the rule is *never guessed*,
applied by :mod:`intake_bot.engine.replies`:

- yes/no and single-choice questions: a reply is an option only when it is exactly that
  option's words or synonyms, or when, beside the words it names, there is nothing but
  :data:`FILLER` (words that cannot change the meaning: "thanks", "please", "I", "yo",
  "gracias"), punctuation other than "?", a smile (:data:`FILLER_SYMBOLS`), and the
  firm forms of :data:`FIRM_YES` / :data:`FIRM_NO` ("no, I'm not", "sí, lo estoy")
  beside an answer of the same sense ("no, I am" is asked again). Any other word left over ("no, que sepa", "no, should
  be fine", "nope, touch wood"), a question mark ("no?") or a symbol ("no 🤞") is asked
  again with the options listed. "maybe" or "quizás" is *I'm not sure* where the
  question offers it (its synonyms say so in the flow file).
- multi questions: each part of the reply (cut at commas, "and", "y"...) is an option
  only when, beside its words, there is nothing but :data:`FILLER` and
  :data:`MULTI_FILLER` ("I take Eliquis", "a bit of dandruff", "tengo picor"): any other
  word ("itchy bleeding scalp", "eliquis metformin") asks the whole reply again, so a
  symptom or a medicine is never dropped.
- :data:`HEDGES` are asked again on every question type, whatever else the reply says:
  they guard multi questions, whose parts may carry other words ("I take Eliquis"),
  and ages. A hedge standing inside an option's words found in the reply is part of
  them ("I might be" names *not_sure*'s "might be").
- A number reply (the age) is asked again with a hedge, a question mark, "~", or one of
  :data:`APPROXIMATIONS` ("about 40", "casi 18", "unos 40"): an age near a limit decides
  which questions follow. Other words beside it stay free ("I'm 42", "tengo 19").

Phrases are written as people type them; they are folded (lower case, no accents,
punctuation to spaces: "don't" -> "don t") before use, so list the forms typed without
an apostrophe too ("dont"). Every list applies whatever the language on screen, as an
option's words do. A language with no list here (a flow in French, say) has no hedges
and no filler: its replies are read by their option words alone (anything more is asked
again). Keep hedges specific: "igual" alone means "the same" (a *normal* shedding
synonym), "about" alone starts "About the same as always"; so only "igual sí", and
"about" for numbers only. Keep :data:`FILLER` short: a word that can turn an answer
around, weaken it or add to it ("sure", "really", "fine", "now", "yet") is not filler.
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
            "as far as I can tell", "as far as I can see", "afaict", "iirc",
            "to the best of my knowledge", "last time I checked", "last I checked",
            # expecting, imagining, "should be"
            "imagine", "expect", "should", "should be", "shouldn't", "shouldnt",
            "ought to", "wouldn't say", "wouldnt say", "would have thought",
            "I'd have thought", "in theory", "theoretically", "unless",
            # touch wood, we will see
            "touch wood", "knock on wood", "we'll see", "we will see", "time will tell",
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
            "que yo recuerde", "si no recuerdo mal", "si mal no recuerdo", "sepa",
            "que sepa", "q yo sepa", "k yo sepa", "por lo que yo sé", "tengo entendido",
            "me da que", "en teoría", "teóricamente", "debería", "digo yo", "lo mismo sí",
            "lo mismo no", "salvo que", "a no ser que", "excepto que",
            # tocar madera, ya veremos
            "toco madera", "tocando madera", "crucemos los dedos", "cruzo los dedos",
            "ya veremos", "ya se verá",
            # vago
            "más o menos", "algo así", "depende",
        ),
    }
)

#: Words that cannot change what a yes/no or single-choice reply means, per language:
#: beside an option's words they are ignored ("no, thanks", "yes please", "yo no", "sí,
#: gracias"); any other word beside them asks again. Not "sure" ("not sure"), not
#: "really" ("not really"), nor "am", "is", "do", "have", "tengo", which say yes (below).
FILLER: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "en": (
            "i", "i'm", "im", "my", "it", "the", "a", "an", "at", "on", "in", "just",
            "thanks", "thank you", "thanks a lot", "many thanks", "cheers", "please",
            "ok", "okay", "sorry", "definitely", "absolutely", "certainly",
        ),
        "es": (
            "yo", "estoy", "es", "mi", "mis", "el", "la", "los", "las", "un", "una", "en",
            "de", "gracias", "muchas gracias", "por favor", "vale", "ok", "okay", "pues",
            "perdona", "perdón",
        ),
    }
)

#: Words that cannot change which option a part of a multi reply names, per language,
#: beside :data:`FILLER`: saying one has or takes it ("I take Eliquis", "I have itch",
#: "tomo Sintrom", "tengo picor"), how much of it ("a bit of dandruff", "some itching",
#: "un poco de caspa"), and that it comes on top ("also", "too", "también"). Generic,
#: for every flow: no option's words ("scalp" names nothing in another flow); nothing
#: in the past ("had", "took", "tuve": a cancer had is not one treated now); no bare
#: "a bit", "a little", "un poco" (they weaken an option that has its own degree: "a
#: bit tired" is not "very tired"); no negation or hedge, which always ask again.
MULTI_FILLER: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "en": (
            "have", "i've got", "ive got", "have got", "take", "taking", "use", "using",
            "feel", "feeling", "suffer from", "some", "a bit of", "a little bit of",
            "a lot of", "lots of", "very", "also", "too", "as well",
        ),
        "es": (
            "tengo", "tomo", "tomando", "estoy tomando", "uso", "usando", "llevo",
            "me siento", "noto", "sufro de", "padezco", "un poco de", "algo de", "mucho",
            "mucha", "muy", "también", "además",
        ),
    }
)

#: Symbols that cannot change a reply's meaning either (smiles, a thumbs up): any other
#: symbol, an emoji such as 🤞, 🤔, 🤷 or 😅, asks again, as a word left over does.
FILLER_SYMBOLS = "🙂😀😃😄😁😊☺👍"

#: Firm forms that say yes, beside "yes" or an option that is not a no ("yes, I am",
#: "yes I have", "sí, lo estoy", "sí, tengo"); beside a no they are asked again.
FIRM_YES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "en": (
            "i am", "am", "i do", "do", "i have", "have", "i've", "ive", "i have had",
            "i've had", "i have been", "i did", "did", "i was", "it is", "is", "it's",
            "its", "it does", "it has", "they do", "they have", "they did", "there is",
            "there are", "of course", "for sure", "indeed", "that's right", "right",
        ),
        "es": (
            "lo estoy", "lo soy", "soy", "lo tengo", "tengo", "lo he", "lo he tenido",
            "he tenido", "lo hago", "hay", "así es", "eso es", "por supuesto",
            "claro que sí", "desde luego", "sí que",
        ),
    }
)

#: Firm forms that say no, beside "no" or an option that is a no ("no, I'm not",
#: "no I don't", "no, no lo estoy", "no tengo"); beside anything else they are asked
#: again.
FIRM_NO: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "en": (
            "i'm not", "im not", "i am not", "am not", "i don't", "i dont", "i do not",
            "don't", "dont", "do not", "i haven't", "i havent", "i have not", "i've not",
            "haven't", "havent", "have not", "i didn't", "i didnt", "i did not",
            "didn't", "didnt", "did not", "i wasn't", "i wasnt", "i was not", "it isn't",
            "it isnt", "it is not", "isn't", "isnt", "it's not", "its not", "it doesn't",
            "it doesnt", "it does not", "it hasn't", "it hasnt", "it has not",
            "they don't", "they dont", "they haven't", "they havent", "there aren't",
            "there isn't", "not at all", "definitely not", "absolutely not",
            "certainly not", "of course not", "not me", "never", "none", "nothing",
            "no way",
        ),
        "es": (
            "no lo estoy", "no estoy", "no lo soy", "no soy", "no lo tengo", "no tengo",
            "no he", "no lo he", "no lo he tenido", "no he tenido", "no lo hago",
            "no hay", "no es", "no es así", "en absoluto", "de ninguna manera",
            "ni mucho menos", "para nada", "nunca", "jamás", "claro que no",
            "por supuesto que no", "qué va", "nada", "ninguno", "ninguna", "tampoco",
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
