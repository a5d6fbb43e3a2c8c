"""The word classes the urgent-message rules are built from, and the ``Rule`` they make.

Text here is ``triage.prepare``d: lower case, without apostrophes ("im", "dont", "cant"),
with common misspellings of crisis words already folded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# --- word classes -------------------------------------------------------------
WANT = (r"(?:want(?:ed|s)?|wanna|wish(?:ing)?|hope|hoping|pray(?:ing)?|going|gonna|gunna|plan(?:ning|ned)?|ready|"
        r"decided|deciding|about to|trying|tried|try|intend|need|thinking|thought|think|thoughts|considering|urges?|"
        r"tempted|feel like|might|will|ll|would|id|could|cant stop thinking|keep thinking|fantasi[sz]e|rather|prefer|"
        r"time|deserve|should)")
SELF = r"(?:my ?self|me ?self|my life|my own life)"
# "take myself home", "take myself to my appointment": getting somewhere, not taking one's life.
TAKE_SELF = (r"(?:take|taking) (?:(?:my ?self|me ?self)(?! (?:home|back home|there and back|to and from|to (?:the |my |your )?"
             r"(?:clinic|appointments?|infusions?|sessions?|office|doctors?|hospital|er|pharmacy)\b))|my life(?! back)|my own life(?! back))")
THEM_SELF = r"(?:him ?self|her ?self|them ?sel(?:f|ves)|themself|his (?:own )?life|her (?:own )?life|their (?:own )?life)"
DEATH = (rf"(?:die(?! (?:of|from) (?:boredom|laughter|laughing|embarrassment|shame|cuteness)| if| on (?:this|that) hill)|be dead|end it|end it all|end things|end everything|end {SELF}|kill {SELF}|{TAKE_SELF}|off {SELF}|"
         rf"unalive(?: {SELF})?|not (?:wake up|exist|be alive)|never wake up|stop(?:ped)? (?:living|existing)|disappear forever|"
         rf"finish {SELF}|"
         rf"be gone (?:forever|for good)|sleep forever|go to sleep forever|not be (?:here|around) anymore|"
         rf"disappear (?:forever|permanently|for good)|"
         rf"join (?:him|her|them) in heaven|delete {SELF}|hang {SELF}|shoot {SELF}|jump off|jump in front|"
         rf"ending (?:it|it all|things|everything|{SELF})|dying|killing {SELF})")
RELATIVE = (r"(?:wife|husband|partner|boyfriend|girlfriend|bf|gf|kid|child|son|daughter|baby|mom|mum|mother|dad|boss|manager|"
            r"supervisor|landlord|teacher|therapist|doctor|"
            r"father|brother|sister|friend|roommate|room mate|coworker|co worker|grandma|grandpa|grandmother|"
            r"grandfather|aunt|uncle|cousin|teen|teenager|neighbou?r|fiance|fiancee|niece|nephew|classmate|student|"
            r"client|patient|stepdad|stepmom|ex)")
THIRD = rf"(?:my (?:\w+ )?{RELATIVE}s?|(?:he|she|they)|(?:a|this|the) (?:\w+ )?(?:guy|woman|man|person|lady|patient))"
PERSON = (rf"(?:my (?:\w+ )?{RELATIVE}s?|(?:him|her|them|everyone|everybody|people|someone|somebody|all of them|"
          rf"the (?:\w+ )?(?:nurse|doctor|staff|teacher|boss|manager|guy|man|woman|lady|kid|kids|neighbou?r|people|"
          rf"cop|driver|receptionist)))")
HARM_ACT = (r"(?:kill|killing|murder|murdering|shoot|shooting|stab|stabbing|hurt|hurting|harm|harming|beat|beating|poison|"
            r"poisoning|strangle|strangling|choke|choking|attack|attacking|smother|smothering)")
DEATH3 = (r"(?:die|be dead|end it|end it all|end (?:his|her|their) life|kill (?:him|her|them) ?sel(?:f|ves)|"
          r"take (?:his|her|their) (?:own )?life|jump off|overdose|not be here|be gone|ending it|ending (?:his|her|their) life|"
          r"drive off a bridge|drive (?:\w+ )?(?:car |truck )?into|step in front of|walk in front of|disappear(?! (?:into|for a|for the|on|during|in|from|when))|jump(?! (?:in|into|on|up|ahead|through|"
          r"start|rope|the (?:queue|line|gun)|to conclusions)))")
WEAPON = r"(?:gun|rifle|shotgun|pistol|handgun|knife|machete|weapon|(?:baseball )?bat|hammer|axe|crowbar)"
SELF_ACT = (r"(?:cut|cutting|burn|burning|burned|burnt|hurt|hurting|harm|harming|harmed|hit|hitting|punch|punching|punched|"
            r"scratch|scratching|scratched|bite|biting|stabbed|carved|starved|choked|"
            r"starve|starving|kill|killing|hang|hanging|shoot|shooting|drown|drowning|punish|punishing|bang|banging|"
            r"carve|carving|stab|stabbing|poison|poisoning|choke|choking|bleed|bleeding|suffocate|suffocating)")
BODY = r"(?:arms?|legs?|thighs?|wrists?|skin|stomach|hips?|hands?|chest|body|face)"
CHEST = r"(?:chest|my heart)"


@dataclass(frozen=True)
class Rule:
    """One pattern of an urgent category."""

    category: str
    pattern: re.Pattern
    negatable: bool = True  # a negation earlier in the clause cancels it ("im not suicidal")
    actual: bool = False  # must be happening now, not a hypothetical, history or FAQ question
    speaker: bool = False  # the speaker ("i") must be the subject: not "the battery is going to die"
    topic: bool = False  # a topic word that a general question may mention ("is suicide risk screened?")


def _rule(category: str, *patterns: str, negatable: bool = True, actual: bool = False, speaker: bool = False,
          topic: bool = False) -> Rule:
    return Rule(category, re.compile("|".join(patterns)), negatable, actual, speaker, topic)
