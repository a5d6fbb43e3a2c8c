"""The urgent-message rules: patterns over word classes, matched on ``triage.prepare``d text.

Text here is lower case, without apostrophes ("im", "dont", "cant"), with common
misspellings of crisis words already folded ("sucidal" -> "suicidal", "kil" -> "kill").
Each rule says whether a negation earlier in its clause cancels it (``negatable``) and
whether it must describe something happening now rather than an FAQ, a hypothetical
or a past history (``actual``).
"""
from __future__ import annotations

from .words import (BODY, CHEST, DEATH, DEATH3, HARM_ACT, PERSON, SELF, SELF_ACT, TAKE_SELF, THEM_SELF, THIRD, WANT,
                           WEAPON, Rule, _rule)

RULES: tuple[Rule, ...] = (
    # --- suicide: explicit, slang, desire or intent to die, hopelessness, farewells, means
    _rule("suicide", rf"\b(?:kill|end|ending|killing|off|offing|delete|unalive|finish|finishing) {SELF}\b", rf"\b{TAKE_SELF}\b",
          r"\b(?:kms|kys|unalive|ctb|sewer ?slide|suicidal|game end)\b", r"\bcatch(?:ing)? the bus\b",
          r"\bsuicide\b(?! (?:rates?|prevention|risk|research|statistics|stats|awareness|hot ?line|line|number|screening))",
          topic=True),
    # "i feel like im dying" describes a sensation (a panic, an emergency: see below), not a wish.
    _rule("suicide", rf"\b{WANT}(?: (?!im\b)\w+){{0,3}}? (?:to )?{DEATH}\b",
          r"\bwish (?:i|id) (?:was|were|could be|had) (?:dead|never been born|gone)\b",
          r"\bbetter off (?:dead|without (?:me|us))\b", r"\b(?:rather|prefer) (?:be dead|die)\b", speaker=True),
    _rule("suicide", r"\b(?:dont|do not|no longer|never|doesnt) (?:really |even |think i |think i really |know if i |know if i even )?"
                     r"(?:want|wanna|wish|feel like) (?:to )?"
                     r"(?:live|be alive|exist|go on|keep going|wake up|be here(?! (?:at|all|for|on|in|until|till|early|"
                     r"late|today|tomorrow|next|this|when|if|that|so|too|\d)))",
          r"\bwouldnt (?:mind|care) (?:if i (?:died|didnt wake up)|dying|not waking up)\b", negatable=False),
    _rule("suicide", r"\b(?:no|any|a|dont see a|dont have a|what is the|whats the|is there a|lost the|lost my) "
                     r"(?:reason|point|will) (?:to|in|of|for) (?:live|living|go on|going on|keep going|being alive|life|"
                     r"staying alive|anything anymore|it all|trying anymore)\b",
          r"\bnothing (?:left )?to live for\b", r"\b(?:life|living) (?:isnt|is not|aint|not) worth (?:living|it)\b",
          r"\bnot worth living\b", r"\b(?:easier|better) for (?:everyone|everybody|them|my family|my kids|all of them)\b.{0,20}\bif i\b", r"\b(?:nobody|no one|noone|wouldnt|would not|everyone would)\b.{0,30}\bif i "
          r"(?:was|were|wasnt|werent|died|disappeared|just didnt wake up|didnt wake up|was gone)\b(?! (?:late|there|at|in|on|sick|busy))", r"\b(?:tired|sick|done) (?:of|with) (?:living|life|being alive|existing|this life|it all)\b",
          r"\bgive up on (?:life|living)\b|\bgiving up on (?:life|living)\b", r"\bno way out\b",
          r"\bcant see (?:a|any) (?:future|way out)\b", negatable=False),
    _rule("suicide", r"\b(?:never|not) (?:to )?wake up\b|\bgo to sleep (?:and|forever)\b",
          r"\b(?:want|wish) (?:it all|everything|all of this|my life|this life|it) (?:to )?(?:be over|end|stop)\b",
          r"\bwant (?:the|this) pain to (?:end|stop) forever\b", negatable=False),
    _rule("suicide", r"\b(?:i am|im|i feel like|feel like|i feel) (?:such |just )?a burden\b(?! (?:asking|to ask|for asking|but))|\bstopped being (?:one|a burden)\b",
          r"\bcant (?:do this|take (?:it|this)|keep going|keep doing this)(?: like this)? ?(?:anymore|any more|any longer)\b",
          r"\bcant go on\b",
          r"\b(?:wont|will not|not gonna|not going to) be a (?:burden|problem)(?: (?:for|to) (?:anyone|anybody|you|"
          r"everyone|them|you all))? (?:much longer|for much longer|anymore|for long)\b"),
    _rule("suicide", r"\b(?:giving|gave|give) away (?:all )?(?:my|her|his) (?:stuff|things|belongings|pets?|cat|dog)\b",
          r"\b(?:saying|said|say|texted(?: me)?|wrote|writing|sent) (?:my )?(?:goodbye|goodbyes|farewell)\b",
          r"\b(?:goodbye|farewell) (?:everyone|all|world|forever|cruel world)\b",
          r"\b(?:goodbye|suicide|farewell) (?:letters?|notes?|texts?|messages?|video|posts?)\b",
          r"\bthis is (?:my )?(?:goodbye|last message|the end)\b", r"\b(?:tonight|today) is (?:my|her|his|their) last\b",
          r"\bmy last (?:night|day) (?:on earth|alive)\b", r"\byou (?:wont|will not|will never) (?:hear from|see) me again\b",
          r"\bby the time (?:you|anyone|someone) (?:read|reads|see|sees|get|gets) this\b", r"\btake care of my (?:\w+ )?(?:dog|cat|kids|pets)\b when im gone\b"),
    _rule("suicide", r"\b(?:im|i am|i will|ill|gonna|going to|finally|i just)(?: \w+)? (?:ending|end|finishing) (?:it|it all|things|"
                     r"everything|my life)\b(?! (?:early|now|with|for|on|by|at|after|before|the|this|session))",
          r"\btonight(?:s| is)? the night\b",
          r"\bnobody (?:has|will have|needs|will need) to worry about me (?:anymore|any more|after|soon)\b",
          r"\b(?:wont|will not) (?:be around|be here|need (?:it|them))\b.{0,60}\b(?:can|could) have my (?:\w+ )?(?:spot|slot|appointment|place)\b",
          r"\bdont think (?:ill|i will|im going to) (?:still )?be (?:here|around|alive) (?:by|after|past|for)\b",
          r"\b(?:outside|other side|wrong side) of the (?:railing|rail|fence|barrier|guardrail)\b",
          r"\b(?:picked|chosen|chose|set) (?:the|a) (?:date|day) and (?:the|a) (?:place|way|method)\b",
          r"\b(?:bridges?|buildings?|places?|spots?) (?:\w+ ){0,3}(?:without|dont have|doesnt have|with no) (?:the )?(?:suicide )?"
          r"(?:nets?|barriers?|fences?)\b",
          r"\bmake sure (?:that )?(?:i|im) (?:dont|do not|never|wont|will not) wake up\b",
          r"\b(?:is|will be) my last day\b(?! (?:at|of|on|in|before|with|here|there|working|off))",
          r"\b(?:steer|steering|drive|driving|drove) (?:\w+ ){0,3}(?:off|into) the (?:overpass|bridge|cliff|river|lake|wall)\b",
          r"\b(?:wrote|written|writing|left|finished) (?:the|a|my) (?:suicide |goodbye )?note\b",
          r"\bhow many (?:of )?(?:my |these |the )?\w+ (?:it )?(?:would|will|does|do) (?:it )?take\b.{0,40}\b(?:for me|its for me|"
          r"not for (?:school|a class|a paper))\b",
          r"\b(?:already )?know (?:exactly )?how (?:i|id|ill|i would|im going to|im gonna) (?:do|end) it\b",
          r"\b(?:when|after|once) im gone\b.{0,40}\b(?:soon|tonight|this week|tomorrow)\b|\b(?:itll|it will) be soon\b",
          r"\badios a todos\b|\bse acabo\b",
          r"\bbetter off\b.{0,40}\blife insurance\b|\blife insurance\b.{0,40}\bbetter off\b",
          r"\b(?:want|wanna|wish i could|going to|gonna|need to) (?:to )?(?:just )?disappear\b(?! (?:into|for a|for the|on|during|in|"
          r"from|when|off|under))",
          r"\bending it (?:all )?(?:this weekend|this week|tonight|today|tomorrow|soon)\b",
          r"\b(?:checking|check|checked) out (?:for good|permanently|forever)\b",
          r"\b(?:dont|do not|wont|will not) (?:plan on|expect to|intend to|plan to) (?:be|being) (?:here|around|alive)\b",
          r"\b(?:im|i am|i feel|ive decided im|decided im) (?:so |just |totally |kind of |kinda )?done with (?:everything|it all|life|living)\b"
          r"(?! (?:on|for|at|in|from))",
          r"\b(?:giving|gave|give|given) (?:all )?(?:my|her|his) (?:stuff|things|belongings|possessions|pets?|cat|dog) away\b",
          r"\b(?:im|i am|i will|ill|gonna|going to|about to|planning to|plan to|ready to) (?:\w+ )?(?:overdose|od)\b(?! (?:on (?:coffee|caffeine|sugar)))", r"\b(?:pray|hope|wish)\w* (?:that )?i (?:just |would |could |will )?(?:dont|do not|wont|never) wake up\b",
          r"\b(?:standing|sitting|up) on (?:the|a|my|his|her) (?:\w+ )?(?:bridge|ledge|roof|edge|tracks|railing|top level)\b",
          r"\blooking over the edge\b",
          rf"\b(?:bought|got|have|picked up) (?:a|the|my) {WEAPON}\b.{{0,40}}\bnot (?:for|to) (?:protection|hunting|"
          r"self ?defen[cs]e|the range|sport)\b",
          r"\bif i (?:die|died|am dead|was dead)\b.{0,50}\b(?:im|i am|i will|ill) (?:planning|going|gonna|about) to\b",
          r"\b(?:garage|closed garage)\b.{0,60}\bengine (?:is |was )?running\b|\bengine (?:is |was )?running\b.{0,60}\bgarage\b",
          r"\b(?:sitting|sat|lying|standing) (?:here |there )?(?:(?:in|on) (?:the|my) \w+ )?(?:with|w) (?:a|my|the|some) "
          r"(?:razor|blade|knife|gun|rope|pills|bottle|scissors)\b",
          r"\b(?:\d{2,}|all) (?:of )?my \w+\b.{0,40}\b(?:all together|at once|to (?:work|kick in)|swallow)\b",
          r"\b(?:floor|story|storey|bridge|building|roof|height)\b.{0,30}\bhigh enough\b",
          r"\b(?:theyre|they are|all|pills are|meds are) (?:counted out|lined up)\b",
          r"\blook like an? (?:car )?accident\b",
          r"\beverything(?:s| is) (?:arranged|in order|ready|taken care of)\b.{0,60}\b(?:note|will|letter|goodbye)\b",
          r"\b(?:do|doing|get|getting) it (?:properly|right) this time\b",
          r"\b(?:turn|turning|swerve|swerving|jerk|jerking) the wheel\b",
          r"\b(?:long )?walk into the (?:lake|sea|ocean|river|water)\b",
          rf"\b{WEAPON}\b.{{0,60}}\b(?:not coming back|wont be coming back|never coming back)\b",
          r"\b\d{2,} (?:of (?:my|these|the) )?(?:tylenol|advil|aspirin|pills|tablets|xanax|zoloft|benadryl|sleeping pills)\b.{0,40}"
          r"\b(?:kick in|take effect|to die|enough|for real)\b",
          r"\bgo painlessly\b",
          r"\b(?:razor|blade|knife|gun|rope|pills)\b.{0,50}\b(?:want|wanna|going|gonna|about|ready) to use (?:it|them)\b",
          r"\blast time (?:well|we will|youll|you will|anyone will|theyll|they will) (?:ever )?(?:see|hear from) (?:him|her|them|me)\b",
          r"\b(?:gun|pistol|rifle) is loaded\b", r"\bbought (?:a |the )?(?:rope|noose)\b",
          r"\b(?:rope|cord|noose)\b.*\b(?:garage|attic|basement|tree|beam|ceiling)\b", r"\b(?:bottle|pills) in my hand\b",
          r"\b(?:every|each) pill in\b|\bswallow(?:ing)? (?:the whole|all|every)\b", r"\bstockpil\w*",
          r"\bbleed out\b", r"\bhow many (?:of )?(?:my )?(?:pills|tablets)\b.*\btake\b", r"\bmade my peace\b",
          r"\b(?:letters?|notes?) to my (?:kids|children|family|wife|husband|mom|parents|sister|brother)\b",
          r"\bmy (?:will|note) (?:and my (?:note|will) )?tonight\b", r"\blast time (?:youll|you will) (?:ever )?hear from me\b",
          r"\bsee (?:any|a|no) way out\b", r"\bvoices\b.*\b(?:telling|tell|told) me to\b", r"\bjust want out\b(?! of)",
          r"\b(?:die|bleed out|kill|overdose|od)\b.*\basking for (?:myself|me)\b", r"\bhope i (?:crash|get hit|dont make it)\b",
          r"\bfound (?:a )?(?:new )?homes? for my (?:dog|cat|pets?|animals)\b", r"\bhow (?:im|i am|i) (?:going to|gonna|will) do it\b",
          r"\bquiero morir\b|\bmatarme\b", r"\bwhats the point\b.*\bif i wont be (?:around|here)\b",
          r"\b(?:im not|i wont) (?:going to |gonna )?make it at all\b", r"\bif (?:youre|you are) reading this\b",
          r"\blife insurance\b.*\b(?:pays? out|theyll be fine|they will be fine|better off)\b",
          r"\b(?:sent|texted|showed) me (?:a )?(?:pic|picture|photo) of (?:a |the |his |her |their )?(?:bottle of )?(?:pills|gun|rope|knife)\b",
          negatable=False),
    _rule("suicide", r"\b(?:not|wont|will not) (?:going to |gonna )?be (?:here|around|alive) (?:much longer|for much longer|"
                     r"anymore|any more|by then|for long|long|after (?:this|the) (?:weekend|week)|after (?:tonight|today|friday|"
                     r"saturday|sunday|monday|tuesday|wednesday|thursday))\b",
          r"\b(?:if|when|once|after) (?:im|i am) (?:not here|no longer here|not around|dead|gone)(?: anymore| any more)?\b"
          r"(?! (?:on|for) (?:vacation|holiday|a trip|work|business|the weekend))",
          r"\b(?:a|my) way out (?:planned|figured out|sorted|ready|picked)\b|\bplanned (?:my|a) way out\b",
          r"\bnothing (?:works|helps|worked|helped|is working)\b.{0,80}\b(?:finish|end) it\b",
          r"\b(?:want|need) (?:it|them|this|that) to be enough\b", r"\b(?:ill|i will) be dead (?:before|by)\b",
          r"\b(?:train )?tracks?\b.{0,60}\b(?:step|walk|jump|lie|lay|stand) (?:onto|on|in front of|into|down on) (?:them|it|the)\b",
          r"\bhow many\b.{0,40}\btake\b.{0,40}\b(?:i have enough|ive got enough|i got enough|i have that many)\b",
          r"\b(?:not|wont|will not) (?:going to |gonna )?swerve\b",
          r"\b(?:ill|i will|im going to|gonna) be gone (?:by|before) (?:morning|tomorrow|tonight|then|the weekend)\b",
          r"\b(?:wont|will not|dont) need (?:it|them|this|that|any of (?:it|this)) where im going\b",
          r"\b(?:bought|got|ordered) (?:the |a |some )?(?:helium tank|helium|exit bag)\b",
          r"\bgarage\b.{0,40}\b(?:car|engine) (?:running|on)\b|\b(?:car|engine) running\b.{0,40}\bgarage\b",
          r"\b(?:need|want) (?:it all|everything|this|it) to stop for good\b",
          r"\b(?:roof|ledge|bridge|edge|balcony)\b.{0,60}\bnot coming (?:back )?down\b",
          r"\bdriv\w* (?:my car |the car )?towards? (?:the |a )?(?:\w+ )?(?:wall|tree|pole|overpass|bridge|barrier)\b",
          negatable=False),
    _rule("suicide", rf"\b(?:thinking|thoughts|thought|think) (?:about|of) (?:dying|death|suicide|killing {SELF}|ending (?:it|my life|"
                     rf"things)|hanging|jumping|not being here|not waking up|overdosing)\b", r"\bdark thoughts\b",
          r"\b(?:i|ive) (?:have |got )?(?:a plan|attempted)\b", r"\bi (?:tried|attempted) (?:to|suicide|last|before)\b", topic=True),
    _rule("suicide", rf"\b(?:hang|hanging|drown|drowning|shoot|shooting|overdose on|od on|poison) {SELF}\b",
          r"\bjump (?:off|from|in front)\b", r"\b(?:on|off|at) the (?:roof|bridge|ledge|edge|tracks|cliff)\b.*\bjump\b",
          rf"\buse it on {SELF}\b", r"\bdriv\w* (?:my car |the car )?(?:into|off) (?:a|the)\b", r"\b(?:slit|cut|cutting) my wrists?\b",
          r"\bhow (?:much|many) \w+ (?:would|will|does|do) it take to (?:kill|die|od|overdose)\b", r"\b(?:lethal|deadly|fatal) (?:dose|amount)\b",
          r"\b(?:saved|saving|stockpil\w+|hoard\w+|collecting) (?:up )?(?:enough )?(?:of )?(?:my |all my )?(?:\w+ )?"
          r"(?:pills|meds|medication|tablets)\b",
          r"\b(?:bought|got|tied|have|found) (?:a )?(?:rope|noose)\b", r"\bloaded (?:gun|pistol)\b",
          r"\b(?:pills|meds|tablets) (?:lined up|counted out|ready to go|in front of me)\b",
          r"\b(?:ways|how|best way|easiest way|painless way|methods?) to (?:die|kill myself|end it|end my life|overdose|od)\b",
          r"\bdie painlessly\b", r"\b(?:painless|easiest|quickest|fastest|least painful|surest)(?: \w+)? (?:ways?|methods?) to (?:go|die|do it|end it)\b", rf"\b{WEAPON} to (?:my|his|her|their) (?:own )?(?:head|throat|wrist|chest)\b"),
    # --- self-harm
    _rule("self_harm", r"\bself ?(?:harm|injur|mutilat)\w*(?! cuts)", topic=True),
    _rule("self_harm", rf"\b{SELF_ACT} {SELF}\b(?! (?:up|out))", r"\bfresh (?:self ?harm )?cuts\b",
          rf"\b(?:cut|cutting|burn|burning|carve|carving|scratch|scratching)\w* (?:my|into my) {BODY}\b",
          r"\b(?:cutting|burning) again\b", r"\bstarted (?:cutting|burning)\b", r"\bcut (?:too |pretty |really |very |so |way too )?deep\b",
          r"\b(?:razor|blade)s? (?:in my|to my|on my)\b", r"\brelapsed? (?:on|into|with) (?:self|cutting|sh)\b",
          r"\buntil (?:it|they|i|my \w+) (?:bleeds?|bled|bleed)\b", r"\bfresh (?:self harm )?cuts\b",
          r"\b(?:hitting|banging|bang|hit) my head (?:against|on|into)\b", r"\b(?:helps|help) is (?:cutting|burning|hurting myself)\b",
          r"\brazors? out\b", r"\bthinking (?:about|of) (?:cutting|burning|hurting myself|self harm)\b", r"\bsh (?:was|is)\b", r"\bwant(?:ed)? to feel pain\b",
          r"\b(?:urges?|itching|want|wanna) to (?:cut|burn|self harm|sh)\b", r"\bmy (?:cuts|burns|wounds) (?:are|is|wont)\b",
          r"\b(?:relapsed?|relapsing)\b.{0,20}\b(?:cut|cutting|burned|burning|sh|self harm)\b", r"\bsh (?:urges?|again|thoughts)\b",
          r"\b(?:reopen\w*|picking at|pick at|pulling at|ripping out|tearing out|making new) (?:my |the )?(?:cuts|wounds|scars|stitches)\b",
          r"\bi want the pain\b", r"\bscared (?:ill|i will|i might) do (?:more|it again|worse)\b",
          r"\b(?:punch|punching|punched|hitting|hit) (?:the |a )?(?:brick )?walls?\b.{0,40}\b(?:bleed|bled|split|broke|broken|cant stop)\b",
          r"\bdeserve to (?:be hurt|suffer|feel pain|be punished|bleed)\b", r"\bthe urges? (?:is|are) (?:so )?(?:loud|strong|bad)\b",
          r"\b(?:hurt|burned|burnt|cut|hit|harmed|scratched|stabbed)\b.{0,30}\bon purpose\b", r"\b(?:enough|until) (?:to )?(?:bleed|it bleeds|i bleed)\b"),
    # --- harm to others
    _rule("harm_others", rf"\b(?:{WANT}|im|i am|ill|i will|scared ill|afraid ill|scared i will|afraid i will|to|snap and|lose it and) "
                         rf"(?:to )?(?:\w+ ){{0,4}}?{HARM_ACT} {PERSON}\b(?! with (?:how|all|my|the|this|these|those|kindness))",
          rf"\b(?:thoughts|urges?) (?:of|to) (?:killing|hurting|harming|kill|hurt|harm) {PERSON}\b",
          rf"\bmake (?:them|him|her|everyone|{PERSON}) (?:all )?(?:pay|suffer|regret)\b",
          rf"\b(?:sitting|waiting|parked) outside (?:\w+ ){{0,3}}(?:house|place|work|apartment)\b.{{0,20}}\bwith (?:a|my) {WEAPON}\b",
          rf"\b(?:i have|ive got|i got|i bought) a {WEAPON}\b.*\b(?:know where|lives|waiting|tonight|pay)\b",
          r"\bpillow over (?:his|her|their) face\b", r"\bif i cant have (?:her|him|them) (?:nobody|no one)\b", r"\bshoot (?:up|everyone|people)\b",
          r"\b(?:bring|take|bringing|taking) (?:a|my) gun to\b", rf"\b(?:run|running) {PERSON} over\b",
          rf"\b(?:going|gonna|heading|coming) (?:over )?(?:there|to (?:his|her|their) (?:house|place|work))\b.*\b{WEAPON}\b",
          rf"\b{WEAPON}\b.*\b(?:waiting for (?:him|her|them)|when (?:he|she|they) (?:gets?|comes?) home|regret it)\b", r"\bwant to kill people\b", r"\b(?:beat|stab|choke|strangle|kick) \w+(?: \w+)? to death\b",
          r"\b(?:i|ive|i have|weve)(?: just)? (?:bought|have|got|grabbed|holding|am holding|im holding) a (?:gun|knife|weapon)\b"
          r".*\b(?:him|her|them|pay|waiting|use it|tonight)\b", speaker=True),
    _rule("harm_others", r"\b(?:going to|gonna|will) pay for what (?:they|he|she) did\b", r"\bhomicidal\b",
          r"\b(?:list|names) of (?:people|everyone|them)\b.{0,60}\b(?:pay|gun|regret)\b",
          r"\b(?:got|have|took|grabbed) my (?:\w+ )?(?:dads?|moms?|brothers?|fathers?|uncles?|grandpas?) (?:gun|rifle|pistol|shotgun)\b",
          r"\bput something in (?:his|her|their|my \w+s?) (?:coffee|drink|food|tea|meal|water)\b",
          r"\bbringing something for (?:the|that|your) (?:\w+ ){0,2}(?:who|that) (?:refused|denied|disrespected|ignored|screwed|"
          r"wronged|fired|dumped|yelled)\b",
          r"\bmake sure (?:he|she|they) (?:never|doesnt|does not|wont|will not) (?:walks?|leaves?|gets?|makes? it|comes?) "
          r"(?:out|home|back|again|alive)\b", r"\b(?:hes|shes|theyre|he is|she is|they are|youre|you are|ur) (?:gonna|going to) bleed\b",
          r"\b(?:imagining|imagine|picturing|thoughts of|thinking about) (?:smothering|suffocating|drowning|shaking|hurting|stabbing)"
          r" (?:my|the) (?:baby|newborn|infant|son|daughter|kid|child|toddler)\b",
          r"\bstop (?:him|her|them) for good\b",
          r"\bknow where (?:he|she|they) (?:parks?|lives?|works?|sleeps?)\b.{0,30}\bwhen (?:he|she|they) (?:leaves?|gets? home|is alone|comes? out)\b",
          r"\b(?:going to|gonna) pay\b.{0,60}\b(?:know where (?:they|he|she) lives?|heading over|on my way)\b"),
    # --- someone else in danger
    _rule("third_party", rf"\b{THIRD} .{{0,40}}\b(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|hang|hanging|end|ending|"
                         rf"take|taking|off|offing) {THEM_SELF}\b",
          rf"\b(?:kill|killing|hurt|hurting|harm|harming|cutting|hanging) {THEM_SELF}\b", r"\bbetter off without (?:him|her|them)\b", rf"\b{THIRD} (?:is|are|seems|sounds|might be) suicidal\b",
          rf"\b{THIRD} (?:overdosed|odd|swallowed (?:a|all|the)|took (?:a bunch|a bottle|a handful|too many|the whole))",
          rf"\b{THIRD} (?:is |are )?(?:not|isnt|stopped|arent) (?:breathing|responding|moving|waking up)\b",
          rf"\b{THIRD} (?:collapsed|passed out|fainted|is seizing|is convulsing|is unconscious|is unresponsive|wont wake up|"
          r"is turning blue|turned blue|is choking)\b", r"\bcant wake (?:him|her|them)\b|\bcant wake \w+ up\b",
          rf"\b(?:found|find) (?:him|her|them|{THIRD}) (?:unconscious|unresponsive|on the floor|not breathing|passed out)\b",
          r"\b(?:wandered|walked) (?:off|away)\b.{0,60}\b(?:disoriented|confused|freezing)\b",
          rf"\b{THIRD} (?:said|says|keeps saying|texted|posted|told me|wrote|sent|left).{{0,50}}(?:goodbye|kms|kill|die|last night|"
          r"better off|end it|not be here|gone)", r"\b(?:do|doing) something to (?:him ?self|her ?self|them ?sel(?:f|ves))\b",
          r"\bfound\b.{0,40}\b(?:pills|rope|noose|razors?|blades?)\b.{0,20}\b(?:note|letter)\b",
          r"\b(?:texted|sent|left|posted) (?:me |us )?(?:a )?(?:goodbye|good bye|farewell)\b", rf"\b{THIRD} (?:has|had|got|is holding) a (?:gun|knife|rope)\b",
          rf"\b(?:{THIRD}|hes|shes|theyre)(?: \w+){{0,2}} (?:wants?|wanna|is going|are going|is gonna|about|is about|plans?|planning|"
          rf"threatening|threatened|talking about|talks about|trying|tried|going) (?:to )?{DEATH3}\b",
          rf"\b(?:he|she|they|hes|shes|theyre)(?: is| are)? (?:going to|gonna|wants? to|threaten\w* to|says? (?:he|she|they)ll) "
          rf"{HARM_ACT}\b", r"\btook all (?:of )?(?:his|her|their) \w+(?: at once)?\b",
          r"\bcut (?:his|her|their) wrists?\b", r"\bwont come down\b",
          r"\b(?:hes|shes|theyre|he is|she is|they are) (?:ending it|ending (?:his|her|their) life|killing (?:him|her|them)sel(?:f|ves))\b",
          r"\btook all (?:of )?(?:them|the pills|her pills|his pills)\b",
          r"\b(?:hugged|said|told) (?:everybody|everyone|us|me|the family) goodbye\b",
          r"\blocked (?:his|her|their) (?:door|room|self in)\b.{0,40}\b(?:wont|doesnt|isnt|will not|not) (?:answer|respond|open)",
          rf"\b(?:drove|left|took off|ran off|went) (?:off |out )?(?:\w+ ){{0,2}}with (?:my|his|her|the|a) (?:\w+ )?{WEAPON}\b",
          r"\b(?:she|he|they|my (?:\w+ )?(?:son|daughter|kid|child|baby|toddler|boy|girl))\b.{0,40}\b(?:swallowed|ate|drank|got into)\b"
          r".{0,30}\b(?:pills|medicine|meds|tablets|bleach|detergent|pods)\b",
          r"\b(?:getting|being) (?:beaten|hit|attacked|stabbed|shot|strangled|choked|raped)\b.{0,40}\b(?:right now|now)\b",
          r"\b(?:wandered|walked|ran) (?:off|out|away)\b.{0,80}\b(?:cant|can not|cannot) find (?:him|her|them)\b",
          rf"\b(?:talking|talks|talked|keeps talking|texting|posting) about (?:his|her|their) {WEAPON}s?\b"
          r"(?! (?:collection|safe|license|licence|permit|show|club|range|hobby|shop|cabinet))", r"\b(?:pills|meds) saved up\b",
          negatable=False),
    # --- medical emergencies: must be happening now, not an FAQ about them
    _rule("medical_emergency", rf"\b{CHEST} (?:pain|pains|hurts?|tight|is tight|feels tight|tightness|pressure|is (?:so )?tight|"
                               r"is crushing|feels crushed|feels heavy|is squeezing)\b", r"\bheart attack\b",
          r"\bheart (?:is )?(?:racing|pounding|beating (?:so|really|super) fast)\b.*\b(?:chest|dying|pass|faint|dizzy|breathe)",
          r"\b(?:heart rate|pulse) (?:is )?(?:over |at )?(?:1[6-9]\d|2\d\d)\b", r"\bmy left arm (?:hurts|is numb|is tingling)\b",
          r"\bpressure on my chest\b|\belephant on my chest\b|\b(?:sitting|standing|pressing) on my chest\b",
          r"\bheart (?:feels like (?:its|it is) (?:gonna|going to) (?:explode|burst|stop)|is (?:fluttering|racing) (?:very |so |really )?fast\b.{0,40}"
          r"\b(?:dizzy|cant stand|cannot stand|faint|chest))",
          r"\b(?:pain|pressure|tightness|squeezing|crushing|heaviness) in (?:my|his|her|their) (?:chest|heart)\b",
          r"\b(?:clutching|grabbing|holding) (?:his|her|my|their) (?:chest|heart)\b",
          r"\b(?:sweating|sweaty|clammy)\b.{0,60}\bjaw\b|\bjaw (?:aches|hurts|pain)\b.{0,60}\b(?:sweat\w*|clammy|sick|nause\w*)\b",
          r"\b(?:going|spreading|radiating|shooting) (?:down|into|up) (?:my|his|her) (?:left )?(?:arm|jaw)\b", actual=True),
    _rule("medical_emergency", r"\b(?:cant|can not|cannot|unable to|hard time|trouble|struggling to|difficulty|stopped|not|isnt|"
                               r"cant catch my) (?:breath|breathe|breathing)\b", r"\bgasping\b|\b(?:im|is|hes|shes|i am|he is|she is) choking\b(?! up)",
          r"\blips (?:are |look |turning |turned )?blue\b", r"\b(?:turning|turned) blue\b",
          r"\bthroat (?:is |feels )?(?:closing|swelling|swollen|tight)\b", r"\bcant swallow\b",
          r"\b(?:tongue|lips|face|eyes) (?:is |are )?(?:swelling|swollen|blowing up)\b", r"\bhives (?:all over|everywhere)\b",
          r"\banaphyla\w*|\bepi ?pen\b", r"\bhaving an? (?:allergic reaction|seizure|stroke|heart attack)\b",
          r"\bseizing\b|\bconvuls\w*|\bim having a\b.*\b(?:seizure|reaction)\b",
          r"\b(?:just had|is having|are having|has had|just having) a seizure\b", r"\bcan barely (?:stay awake|breathe|move|talk|speak|keep my eyes open)\b",
          r"\bbarely (?:breathing|conscious|awake)\b", r"\b(?:keeps|keep|is) passing out\b",
          r"\b(?:think|pretty sure) (?:its|it is|im having|this is) a (?:seizure|stroke|heart attack)\b",
          r"\b(?:coughing|throwing|vomiting|puking) (?:up )?blood\b|\bblood in (?:it|my (?:vomit|puke))\b",
          r"\b(?:still )?cant tell whats real\b", r"\bspeech is slurred\b|\bcant find (?:my|the) words\b", r"\bcant stop (?:vomiting|throwing up|seizing)\b",
          r"\btook (?:like |about |around )?[1-9]\d+ (?:\w+ )?(?:pills|tablets|tylenol|advil|xanax|\w+)\b", r"\bbreathing (?:is |feels |seems )?(?:really |very |so )?(?:shallow|slow|labou?red)\b",
          actual=True, negatable=False),
    _rule("medical_emergency", r"\b(?:passed out|fainted|keep fainting|blacking out|blacked out|unconscious|unresponsive|"
                               r"collapsed)\b(?! (?:when|after) (?:i )?(?:saw|seeing|got|opened) (?:the |my )?(?:bill|price|cost|total"
                               r"|invoice|statement|quote))",
          r"\b(?:gurgling|gasping|snoring)\b.{0,40}\b(?:wont|will not|cant|isnt|not) (?:wake|waking|respond)",
          r"\bhit (?:his|her|my|their) head\b.{0,60}\b(?:vomit\w*|throwing up|sleepy|drowsy|confused|wont wake|passed out)\b",
          r"\b(?:fever|temp|temperature) (?:of |is |at |over )?(?:10[4-9]|4[1-2])\b",
          r"\b(?:fever|temp|temperature) (?:of |is |at |over )?(?:10[1-3]|39|40)\b.{0,40}\b(?:confused|stiff neck|cant stay awake)\b", r"\b(?:fell|fallen|on the (?:\w+ )?floor)\b.{0,40}\bcant get up\b",
          r"\b(?:cant|cannot|can not) (?:pee|urinate)\b(?! (?:in|into|on|during|before|while))", r"\b(?:pain is unbearable|unbearable pain)\b",
          r"\b(?:going to|gonna|about to) (?:pass out|faint|black out)\b", r"\b(?:wont|will not|isnt|not|stopped) respond(?:ing)?\b",
          r"\bmixed (?:my |some |the )?(?:\w+ ){1,3}(?:with|and) (?:a )?(?:alcohol|booze|drinks?|opioids?|benzos?|pills|xanax|vodka|"
          r"wine|beer|liquor|whiskey)\b",
          r"\b(?:drank|swallowed|drinking|ate) (?:some )?(?:bleach|antifreeze|poison|drain cleaner|detergent|laundry pods?)\b",
          r"\bbreathing (?:really |very |so )?fast\b.{0,40}\b(?:throwing up|vomiting|confused|dizzy)\b"
          r"|\b(?:throwing up|vomiting)\b.{0,40}\bbreathing (?:really |very |so )?fast\b",
          r"\bheart (?:is )?(?:pounding|racing)\b.{0,40}\b(?:confused|shaking|faint|dizzy)\b",
          r"\btook all (?:of )?my \w+\b.{0,30}\b(?:ago|at once|scared|help|now)\b",
          r"\bface (?:is )?(?:drooping|numb)\b", r"\b(?:slurred|slurring) (?:speech|words)\b", r"\bwords (?:are )?coming out wrong\b",
          r"\bcant (?:feel|move|lift) (?:my|the|his|her) (?:\w+ )?(?:side|arms?|legs?|face)\b",
          r"\bcant (?:talk|speak) (?:properly|right|clearly|straight)\b",
          r"\bnumb (?:on|down) (?:one|my (?:left|right)) side\b", r"\bworst headache of my life\b",
          r"\bdont know where i am\b", r"\bcant see out of (?:one|my)\b", actual=True),
    _rule("medical_emergency", r"\b(?:overdosed|overdosing|i od|i odd|i ode)\b(?! on (?:coffee|caffeine|sugar|candy|chocolate|tv|"
                               r"netflix|work|love))",
          r"\b(?:took|swallowed|taken) (?:way )?(?:too many|too much|all (?:of )?my \w+ at once|the whole (?:bottle|pack)|"
          r"a bunch of|a bottle of|a handful of)\b", r"\bbleeding (?:a lot|heavily|badly|everywhere|so much|through)\b",
          r"\b(?:wont|cant|will not) stop (?:the )?bleeding\b", r"\bbleeding\b.*\bwont stop\b", r"\bblood everywhere\b|\bso much blood\b",
          r"\bi think im dying\b", r"\bfeel like im dying\b", r"\b(?:need|call|calling|get) (?:an )?ambulance\b",
          r"\bshould i call 911\b|\bcall 911\b", r"\bsomething is (?:very|really|seriously) wrong\b", actual=True),
    # --- asking for a crisis line or someone to talk to now
    _rule("crisis_line", r"\b(?:reach|talk to|call|text) (?:a |an )?(?:crisis )?(?:counsell?or|therapist|someone|somebody)\b.{0,30}"
                         r"\b(?:tonight|right now|office is closed|after hours)\b",
          r"\bwho (?:do|can|should) i (?:call|talk to|text|reach)\b.{0,40}\b(?:when i feel like this|right now|"
                         r"tonight|at \d+ ?am|middle of the night|everything is closed)\b",
          r"\b(?:suicide|crisis|suicidal|help) (?:hot ?line|line|number|text line|chat)\b"
                         r"(?!.*\bif (?:we|i|you) ever\b)", r"\bhot ?line\b",
          r"\bhelp ?line\b", r"\b(?:need|want) (?:someone|somebody|a person|a real person|a human) to talk to\b",
          r"\bneed to (?:talk|speak) to (?:someone|somebody|anyone|a (?:counselor|counsellor|therapist|person|human|real person))\b"
          r"(?! (?:about|regarding|re|from|in|at|for))", r"\b(?:im|i am) falling apart\b",
          r"\btalk to (?:someone|somebody|a real person|a human|a person|anyone) (?:right now|now|tonight|please)\b",
          r"\b(?:im|i am) in (?:a )?crisis\b", r"\bhaving a (?:mental )?breakdown\b",
          r"\bscared (?:of|for) (?:what i (?:might|could|will) do|myself)\b", r"\b(?:i )?need help (?:right )?now\b(?! (?:with|logging|to (?:book|log|reset|schedule|pay)))",
          r"\b(?:dont|do not) feel safe (?:with myself|right now|tonight|alone)\b", r"\bcant cope\b",
          r"\b(?:who|what number|where) (?:can|do|should) i (?:call|text)\b.*\b(?:not ok|not okay|scared|breakdown|crying|"
          r"crisis|dark|now|tonight|help|bad)", r"\b(?:im|i am|ive been|i have been|i feel|been|i feel like im|feel like im) (?:in )?(?:a |such a )?(?:really |very |so )?(?:dark|bad) place\b",
          r"\bspiral(?:ing|led)\b",
          r"\b(?:number|line|hotline) for (?:a )?(?:mental health )?crisis\b",
          r"\bconnect me (?:to|with) (?:a (?:counselor|counsellor|therapist|person|human)|someone|somebody|anyone)\b",
          r"\b(?:dont|do not|cant|can not|cannot) trust myself\b(?! (?:to (?:cook|drive|remember|choose|pick|decide)))",
          r"\b(?:im|i am) (?:really |so |just )?not (?:ok|okay|alright|all right|safe)\b(?! (?:with|about|to|if|that|having|being|for))",
          r"\b(?:number|line|someone|anyone) (?:i can|to) (?:call|text)\b.{0,40}\b(?:right now|now|tonight|real person)\b", r"\bneed a (?:human|person|real person)(?: right)? now\b",
          r"\bcall 988\b|\btext 988\b|\b988\b(?!.*\b(?:curious|wondering|footer|website|save it|to have it|just in case|"
          r"if (?:we|i|you) ever|give (?:it )?out|hand (?:it )?out|poster|sign|saw it)\b)(?<!what is 988)(?<!whats 988)"),
)
