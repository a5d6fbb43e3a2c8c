"""Every reply the bot writes itself, in one place. Answers are the guide's own words;
these are only the frames around them: no_answer referrals and urgent help.

Placeholders: {clinic} (name and phone), {crisis_number}, {crisis_chat}, {emergency_number}.
"""
from __future__ import annotations

NOT_COVERED = ("I'm sorry, the clinic's guide doesn't cover that. Please contact {clinic} "
               "or ask your provider, who can answer it for you.")
NOT_A_QUESTION = ("I can answer questions about the clinic's patient guide. Please ask in a few words "
                  "what you would like to know. For anything else, contact {clinic}.")
PERSONAL_ADVICE = ("That's a question about your own care, so your provider is the right person to answer it: "
                   "they know your health history and medications. Please ask them or contact {clinic}.")
ELIGIBILITY_NOTE = ("Only your provider can say whether this is right for you: they know your health history. "
                    "Please ask them or contact {clinic}.")

URGENT = {
    "support": ("I'm really sorry you're going through this, and I'm glad you reached out. You deserve support "
                "right now. Please call or text {crisis_number} to reach the {crisis_name}, or chat at "
                "{crisis_chat}. It's free, confidential and open 24/7. If you are in immediate danger or have "
                "hurt yourself, call {emergency_number} now. You can also call {clinic}."),
    "medical": ("This could be a medical emergency. Please call {emergency_number} now, or ask someone near you "
                "to call. If you are at the clinic, tell a staff member right away. When you are safe, let "
                "{clinic} know what happened. If you are having thoughts of suicide, call or text {crisis_number}."),
    "others": ("If anyone is in immediate danger, please call {emergency_number} now. If you're having thoughts "
               "of hurting someone, you can call or text {crisis_number} any time to talk with a trained "
               "counselor. You can also call {clinic}."),
    "third_party": ("If they are in immediate danger, not breathing or not waking up, call {emergency_number} now "
                    "and stay with them if it is safe. If they are thinking about suicide, call or text "
                    "{crisis_number} ({crisis_name}) to get help and advice, or chat at {crisis_chat}. "
                    "You can also call {clinic}."),
}
URGENT_KIND = {"suicide": "support", "self_harm": "support", "crisis_line": "support",
               "medical_emergency": "medical", "harm_others": "others", "third_party": "third_party"}
EMERGENCY_FIRST = {"medical", "others", "third_party"}

CONCERN_NOTE = ("If you're struggling right now, you can call or text {crisis_number} any time. "
                "In an emergency, call {emergency_number}.")
