"""Every reply the bot writes itself, in one place. Answers are the guide's own words;
these are only the frames around them: no_answer referrals, clarify's question and urgent help.

Placeholders: {clinic} (name and phone), {crisis_name}, {crisis_number}, {crisis_chat}, {emergency_number},
{poison_name}, {poison_number}, {abuse_name}, {abuse_number}, {abuse_text_number}, {abuse_text_word}.
"""
from __future__ import annotations

NOT_COVERED = ("I'm sorry, the clinic's guide doesn't cover that. Please contact {clinic} "
               "or ask your provider, who can answer it for you.")
NOT_A_QUESTION = ("I can answer questions about the clinic's patient guide. Please ask in a few words "
                  "what you would like to know. For anything else, contact {clinic}.")
PERSONAL_ADVICE = ("That's a question about your own care, so your provider is the right person to answer it: "
                   "they know your health history and medications. Please ask them or contact {clinic}.")
CLARIFY = ("I'm not sure the guide answers exactly that. Is it one of these? If not, please contact {clinic}, "
           "who can answer it for you.")
ELIGIBILITY_NOTE = ("Only your provider can say whether this is right for you: they know your health history. "
                    "Please ask them or contact {clinic}.")

# Urgent replies: said plainly that nobody reads the chat live, then one primary action. The kind of
# help follows the danger (URGENT_KIND), and HELP_ORDER puts that kind's services in order.
NOBODY_READS = "Nobody at {clinic} reads this chat as you write, and I can't send help, so please reach out now."
URGENT = {
    "support": ("I'm really sorry you're going through this, and I'm glad you told me. " + NOBODY_READS +
                " Call or text {crisis_number} ({crisis_name}: free, confidential, 24/7), or chat at {crisis_chat}. "
                "If you are in immediate danger or have hurt yourself, call {emergency_number}."),
    "medical": ("This could be a medical emergency. " + NOBODY_READS + " Call {emergency_number} now, or ask "
                "someone near you to call. If you are at the clinic, tell a staff member right away."),
    "poison": ("This could be a medical emergency. " + NOBODY_READS + " Call {emergency_number} now if anyone is "
               "hard to wake, not breathing normally, having a seizure or very unwell. Otherwise call "
               "{poison_name} at {poison_number} right away, even if they seem fine. If this was on purpose, "
               "{crisis_number} is there too."),
    "danger": ("If anyone is in danger, please call {emergency_number} now. " + NOBODY_READS + " Get away from "
               "anything that could hurt someone and go somewhere safe. If you're having thoughts of hurting "
               "someone or yourself, call or text {crisis_number} any time."),
    "abuse": ("I'm so sorry. If you are in danger now, call {emergency_number}. " + NOBODY_READS + " When you can, "
              "the {abuse_name} can help you make a plan: call {abuse_number} or text {abuse_text_word} to "
              "{abuse_text_number}, any time, free and confidential."),
    "third_party": ("If they are in immediate danger, not breathing or not waking up, call {emergency_number} now "
                    "and stay with them if it is safe. " + NOBODY_READS + " If they are thinking about suicide, "
                    "call or text {crisis_number} ({crisis_name}) for help and advice, or chat at {crisis_chat}."),
}
URGENT_KIND = {"suicide": "support", "self_harm": "support", "crisis_line": "support",
               "medical_emergency": "medical", "unresponsive": "medical", "overdose": "poison", "poisoning": "poison",
               "harm_others": "danger", "violence": "danger", "psychosis": "danger", "domestic_violence": "abuse",
               "third_party": "third_party"}
HELP_ORDER = {"support": ("crisis", "emergency"), "medical": ("emergency", "crisis"),
              "poison": ("emergency", "poison", "crisis"), "danger": ("emergency", "crisis"),
              "abuse": ("emergency", "abuse", "crisis"), "third_party": ("emergency", "crisis", "poison")}

CONCERN_NOTE = ("If you're struggling right now, you can call or text {crisis_number} any time. "
                "In an emergency, call {emergency_number}.")
# The learned look's middle band: a message that may hide a crisis gets its answer and this, first.
CONCERN_FIRST = ("If you are thinking of hurting yourself or are in danger, please call or text {crisis_number} now, "
                 "or call {emergency_number}. Nobody at {clinic} reads this chat as you write.")

# Added to a 429 from /api/chat: whoever is turned away is told where help is.
RATE_LIMITED_HELP = ("If you are in crisis, call or text {crisis_number} now; in an emergency, call "
                     "{emergency_number}.")
