"""The decision and the answer contract, through the Python API."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from faqbot import FAQBot, InvalidQuestion, QuestionTooLong, Settings
from faqbot.guide.corpus import Passage
from faqbot.language.lay_terms import LayTerms, parse_lay_terms
from faqbot.language.query import Speller, build_concepts
from faqbot.settings import DEFAULT_DISCLAIMER
from conftest import rules_only

CONTRACT_KEYS = {"type", "reply", "passage", "score", "disclaimer"}


def _section(answer) -> str:
    return answer.passage.section if answer.passage else ""


def test_answer_object_has_the_contract_and_the_guides_own_words(bot):
    answer = bot.ask("How long does an infusion take?")
    data = json.loads(json.dumps(answer.to_dict()))
    assert CONTRACT_KEYS <= set(data)
    assert data["type"] == "answer"
    assert set(data["passage"]) >= {"id", "section", "text"}
    assert data["reply"] == data["passage"]["text"]
    assert data["reply"] in (p.text for p in bot.passages)
    assert isinstance(data["score"], float) and data["disclaimer"] == DEFAULT_DISCLAIMER
    assert "40" in data["reply"]


def test_no_answer_points_to_the_clinic_and_carries_the_disclaimer(bot):
    data = bot.ask("Do you accept Blue Cross insurance?").to_dict()
    assert data["type"] == "no_answer" and data["passage"] is None
    assert "clinic" in data["reply"] and "provider" in data["reply"]
    assert data["disclaimer"] == DEFAULT_DISCLAIMER


def test_clinic_phone_and_disclaimer_are_configurable():
    custom = FAQBot.from_path(disclaimer="Not advice.", clinic_name="Calm Clinic", clinic_phone="555-0100")
    answer = custom.ask("what is the price of parking")
    assert answer.disclaimer == "Not advice." and "Calm Clinic at 555-0100" in answer.reply


def test_unknown_setting_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown setting"):
        Settings().with_overrides(colour="blue")


@pytest.mark.parametrize("question", ["", "   ", "\n\t", None, 42, ["a"]])
def test_empty_or_non_text_questions_raise_a_clear_error(bot, question):
    with pytest.raises(InvalidQuestion) as error:
        bot.ask(question)
    assert "question" in str(error.value)


def test_over_long_question_names_the_limit(bot):
    with pytest.raises(QuestionTooLong, match="1,000 character limit"):
        bot.ask("tell me about the infusion " * 100)


def test_over_long_messages_are_triaged_but_never_cached(bot):
    """An over-long crisis message still gets help, and neither cache keeps its text (memory)."""
    message = "I took all of my pills an hour ago and I can't stay awake. " + "so tired of everything " * 2500
    before = (bot._decide_cached.cache_info().currsize, bot._triage_cached.cache_info().currsize)
    assert bot.ask(message).type == "urgent" and bot.urgent_reply(message) is not None
    assert (bot._decide_cached.cache_info().currsize, bot._triage_cached.cache_info().currsize) == before


def test_greeting_gets_a_helpful_no_answer(bot):
    answer = bot.ask("hello!")
    assert answer.type == "no_answer" and "ask" in answer.reply


def test_question_type_cue_finds_the_duration(seed_bot):
    answer = seed_bot.ask("How long does the infusion take?")
    assert answer.type == "answer"
    assert answer.passage.section.startswith("Step 2: The Infusion Process")
    assert "40 minutes" in answer.reply


@pytest.mark.parametrize("question, expected", [
    ("how soon can i get an appointment", "no_answer"),  # scheduling: the guide names no availability
    ("is there a waiting list", "no_answer"),
    ("how soon will i feel better", "answer"),  # onset: the guide says within hours or days
])
def test_how_soon_can_i_be_seen_asks_for_scheduling_not_onset(rules_bot, question, expected):
    answer = rules_bot.ask(question)
    assert answer.type == expected, answer.reason
    assert expected == "no_answer" or "hours" in answer.reply


@pytest.mark.parametrize("question, expected", [
    ("how long does the infusion take", "answer"),
    ("how long is the evaluation appointment", "no_answer"),  # the guide times the infusion, not the evaluation
    ("how long will the drowsiness last", "no_answer"),
])
def test_a_question_type_is_answered_only_about_its_own_subject(rules_bot, question, expected):
    answer = rules_bot.ask(question)
    assert answer.type == expected, answer.reason
    assert expected == "answer" or "another subject" in answer.reason


@pytest.mark.parametrize("question, expected", [
    ("hours", "no_answer"), ("hours on saturday", "no_answer"),  # alone, "hours" is what a clinic's visitors ask for
    ("how many hours does the infusion take", "answer"),
])
def test_hours_alone_asks_when_the_clinic_is_open(bot, question, expected):
    assert bot.ask(question).type == expected


@pytest.mark.parametrize("question, section_word", [
    ("will there be a needle", "IV"),                 # lay word -> IV
    ("do they check my vitals", "vital signs"),        # lay abbreviation
    ("booster sessions", "maintenance"),               # lay word -> maintenance
    ("will i hallucinate", "feel like"),               # lay word -> visualizations
    ("how long is the infusoin", "How long"),          # typo corrected against the guide
    ("what happens at the screning", "screening"),     # typo of a guide word
])
def test_patients_words_reach_the_guides_words(rules_bot, question, section_word):
    answer = rules_bot.ask(question)
    assert answer.type == "answer", answer.reason
    assert section_word.lower() in _section(answer).lower()


def test_real_words_are_not_corrected_into_guide_words():
    speller = Speller(__import__("collections").Counter({"post": 3, "session": 5, "infusion": 9}))
    assert speller.correct("cost") is None          # a real word the guide lacks
    assert speller.correct("sesion") == "session"
    assert speller.correct("infsuion") == "infusion"
    assert speller.correct("zzzzzzzz") is None


def test_lay_terms_file_beside_the_guide_extends_the_map(tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\n\n## Parking\n\nThe garage on Elm Street is free for patients.\n")
    (tmp_path / "lay-terms.txt").write_text("# our words\ncar park, motor pool = garage\n")
    assert rules_only(FAQBot.from_path(guide)).ask("where is the motor pool").type == "answer"
    assert LayTerms.load(guide).rules[("motor", "pool")] == ["garag"]
    assert "garag" in LayTerms.load(guide).rules[("car", "park")]  # merged with the shipped rule


def test_malformed_lay_terms_line_is_named():
    with pytest.raises(ValueError, match="line 2"):
        parse_lay_terms("a = b\nno equals sign here\n")


def test_every_answer_has_its_own_random_id_even_when_the_decision_is_reused(bot):
    import re
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: bot.ask("Do I need a ride home?"), range(1200)))
    ids = [a.id for a in answers]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert len({a.to_dict()["reply"] for a in answers}) == 1
    answers[0].resources.append({"name": "x"})
    assert bot.ask("Do I need a ride home?").resources == [], "a reused decision is never shared mutable state"


@pytest.mark.parametrize("texted, written", [
    ("hw long does the infusion take", "how long does the infusion take"),
    ("wat r the visualizations", "what are the visualizations"),
    ("can u drive me home b4 the iv", "can you drive me home before the iv"),
])
def test_chat_speak_reads_as_the_words_it_stands_for(bot, texted, written):
    texted_answer, written_answer = bot.ask(texted), bot.ask(written)
    assert texted_answer.type == written_answer.type == "answer"
    assert texted_answer.passage == written_answer.passage


def test_a_misspelt_function_word_is_never_taken_for_a_name():
    from faqbot.language.query import function_word_typo

    assert function_word_typo("teh") == "the" and function_word_typo("hwo") == "how"
    assert function_word_typo("bus") is None  # an English word the guide may lack is kept
    assert function_word_typo("ketamin") is None  # longer words go to the spelling correction


def test_a_long_message_is_split_into_its_question_and_the_story_around_it():
    from faqbot.language.query import split_asking

    message = ("my girlfriend is doing ketamine for her anxiety and ptsd and im kind of worried, "
               "do they actually watch her heart and breathing while its going in")
    asking, story = split_asking(message)
    assert asking.startswith("do they actually watch") and "girlfriend" in story
    assert split_asking("how long does the infusion take?") == ("how long does the infusion take?", "")
    every_sentence_asks = "what is ketamine? how long does it take? can i drive after it is over and done?"
    assert split_asking(every_sentence_asks) == (every_sentence_asks, "")


def test_the_story_around_a_question_counts_less_than_the_question(bot):
    story = ("my uncle is a retired plumber who loves fishing and he lives out past the county fairgrounds "
             "with his two dogs. how long does the infusion take?")
    plain = bot.ask("how long does the infusion take?")
    answer = bot.ask(story)
    assert answer.type == "answer" and answer.passage == plain.passage


@pytest.mark.parametrize("question", ["what state is your clinic in", "where are you located",
                                      "are you guys in maryland", "where is the clinic"])
def test_a_location_question_gets_the_passage_that_names_the_state(rules_bot, question):
    answer = rules_bot.ask(question)
    assert answer.type == "answer" and "Maryland" in answer.passage.text


@pytest.mark.parametrize("question", ["whats the street address", "directions to the clinic",
                                      "what town in maryland are you in"])
def test_an_address_question_is_refused_when_the_guide_gives_no_address(bot, question):
    assert bot.ask(question).type == "no_answer"


def test_a_guide_that_names_no_state_cannot_answer_where_it_is(tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text("# Our clinic\n\nOur clinic offers infusion therapy in a calm, private room.\n\n"
                     "# Visits\n\nEach visit starts with a short check of how you feel.\n", encoding="utf-8")
    assert FAQBot.from_path(guide).ask("where is the clinic located").type == "no_answer"


def test_words_typed_apart_are_joined_when_they_make_one_word(bot):
    from faqbot.language.query import joined_compounds

    known = bot.index.__contains__
    assert joined_compounds("taking anti depressant pills".split(), known) == ["taking", "antidepressant", "pills"]
    assert joined_compounds("is it ok for bi polar people".split(), known)[-2:] == ["bipolar", "people"]
    assert joined_compounds("how long does it take".split(), known) == "how long does it take".split()
    assert bot.ask("is ketamine ok for bi polar ppl").passage == bot.ask("is ketamine ok for bipolar people").passage


def test_a_typo_whose_stem_is_a_short_abbreviation_is_still_corrected(bot):
    answer = bot.ask("is ketamine a new way to treat mental ilness")  # "ilness" stems to "il" (Illinois)
    assert answer.type == "answer" and "'il'" not in answer.reason


def test_days_and_chat_speak_for_now_are_not_names_the_guide_lacks(bot):
    assert "never mentions" not in bot.ask("my husband has his infusion tuesday, can he drive home after").reason
    assert "never mentions" not in bot.ask("im super anxious rn, how long does the infusion take").reason


@pytest.mark.parametrize("question", ["how many sessions before it kicks in", "when does it start working",
                                      "when will the effects show", "how long until it takes effect"])
def test_onset_questions_are_told_from_duration_questions(question):
    from faqbot.language.cues import question_types

    found = [cue for cue, _ in question_types(question)]
    assert found and all(not cue.required for cue in found)  # onset ("hours days fast"), not "how long" minutes
    assert any("relief" in cue.answer_terms for cue in found)


def test_having_the_treatment_at_home_is_a_question_about_where_it_is_given(bot):
    for question in ("can i get the infusion at home", "do i get the infusion at the clinic or at home"):
        at_home = bot.ask(question)
        assert at_home.type == "answer" and "home safely" not in at_home.passage.section.lower()
    assert "home" in bot.ask("can i go home right after").passage.section.lower()  # going home is another topic


def test_an_idiom_is_not_read_as_a_topic(bot):
    message = "im nervous, can someone explain the whole process to me so i know what im getting into"
    assert bot.ask(message).reason == "asks about the guide as a whole"


@pytest.mark.parametrize("generic", ["able", "possible", "nothing", "else", "honestly", "already"])
def test_generic_words_carry_no_topic(generic):
    from faqbot.language.text import analyze

    assert analyze(f"{generic} drive") == analyze("drive")


def test_a_generic_word_does_not_keep_a_covered_question_from_its_answer(bot):
    plain, padded = bot.ask("can i drive after"), bot.ask("will i be able to drive after")
    assert plain.type == padded.type == "answer" and plain.passage == padded.passage


def test_a_guide_that_says_mainly_does_not_answer_where_the_clinic_is(tmp_path):
    """"Maine" and "mainly" share a stem; the location cue must not take one for the other."""
    guide = tmp_path / "guide.md"
    guide.write_text("# Sleep study\n\n## What it finds\n\nThe study is mainly used to look for sleep apnea.\n\n"
                     "## The room\n\nYou sleep in a private bedroom with a bathroom.\n")
    assert FAQBot.from_path(guide).ask("where are you located").type == "no_answer"


@pytest.mark.parametrize("question", ["what time do you open", "what time does the clinic close", "opening times"])
def test_opening_hours_questions_need_the_hours_in_the_answer(bot, question):
    assert bot.ask(question).type == "no_answer"


def test_versus_in_chat_speak_is_no_name_the_guide_lacks():
    passages = [Passage("who-1", "Who reads your images", "A radiologist, a doctor, reads the images. The radiographer "
                        "runs the scanner."), Passage("noise-1", "Noise", "The scanner makes loud knocking sounds."),
                Passage("time-1", "How long", "A scan takes 20 to 60 minutes.")]
    answer = FAQBot(passages).ask("radiologist vs radiographer?")
    assert answer.type == "answer" and answer.passage.id == "who-1", answer.reason


CLINIC_VISIT = [
    Passage("bathroom-1", "Getting up in the night", "You can use the bathroom whenever you need to; tell the staff."),
    Passage("camera-1", "Camera and intercom", "A small camera in your room lets the technologist see you."),
    Passage("belts-1", "Breathing belts", "Two soft elastic belts go around your chest and belly."),
    Passage("arrive-1", "When to arrive", "Check-in is between 8 and 9 pm; please eat dinner first."),
]


@pytest.mark.parametrize("question, passage_id", [
    ("wat if i need the toilet", "bathroom-1"),
    ("are you filming me", "camera-1"),
    ("what are the straps around my chest for", "belts-1"),
])
def test_the_shipped_map_knows_visit_words_of_any_clinic(question, passage_id):
    """The general part of the lay-term map serves a guide it was not written for."""
    answer = FAQBot(CLINIC_VISIT).ask(question)
    assert answer.type == "answer" and answer.passage.id == passage_id, answer.reason


def test_numbers_are_never_lay_targets():
    rules = dict(parse_lay_terms("ozempic = glp-1, weight loss\nfortnight = 2 weeks, 14 days"))
    assert rules[("ozempic",)] == ["glp", "weight", "loss"]
    assert rules[("fortnight",)] == ["week", "day"]


IV_PASSAGE = Passage("iv-1", "Starting the IV", "A nurse places a small IV in your arm.")


def _bot_and_concepts(lay_text: str, other: Passage, question: str):
    """A two-passage bot with its own lay map, and the concepts it reads in the question."""
    lay = LayTerms(dict(parse_lay_terms(lay_text)))
    bot = FAQBot([IV_PASSAGE, other], lay_terms=lay)
    return bot, build_concepts(question, bot.index.__contains__, lay, bot.speller)


def test_a_lay_phrase_keeps_what_its_own_words_say():
    _, concepts = _bot_and_concepts("needle, needles = iv\nhate needles = anxiety",
                                    Passage("calm-1", "Feeling calm", "Most people feel calm."), "i hate needles")
    assert {"iv", "anxieti"} <= set(concepts[0].alternatives)


def test_a_lay_phrase_is_about_its_last_word_not_its_verb():
    bot, concepts = _bot_and_concepts("stop, finish = finish\neat, eating = eat, food\nstop eating = npo",
                                      Passage("end-1", "When it is over", "When the infusion is finished you rest."),
                                      "when should i stop eating")
    assert concepts[0].label == "stop eating" and "finish" not in concepts[0].alternatives
    assert bot.ask("when should i stop eating").type == "no_answer"


def test_a_long_word_is_corrected_across_two_edits_but_keeps_its_first_letter():
    speller = Speller(Counter({"necessary": 1, "ketamine": 5, "payment": 1, "placement": 1}))
    assert speller.correct("nessesary") == "necessary"  # two edits: ss -> c, then a swap
    assert speller.correct("esketamine") is None  # another drug's name, not a typo of ketamine
    assert speller.correct("paymnet") == "payment"


def test_a_name_is_never_cut_into_an_english_word(rules_bot):
    from faqbot.language.query import english_correction

    assert english_correction("ocella") is None  # a pill's name, not a typo of "cella"
    assert english_correction("somone") == "someone"  # a typo is still corrected
    assert "'ocella'" in rules_bot.ask("can I keep taking Ocella during the infusions").reason


def test_an_eight_letter_word_gets_one_edit_only():
    assert Speller(Counter({"payment": 1})).correct("placment") is None


def test_dose_starting_a_question_is_read_as_does(rules_bot):
    assert rules_bot.ask("dose it hurt").passage is not None
    assert rules_bot.ask("dose it hurt").passage.id == rules_bot.ask("does it hurt").passage.id


def test_a_greeting_names_no_topic(bot):
    assert bot.ask("good morning, anyone there?").reason == "no content words"
    assert bot.ask("what happens in the morning of my first infusion").reason != "no content words"


def test_in_a_long_question_a_common_word_the_guide_lacks_counts_less(bot):
    from faqbot.language.query import Concept

    ranker = bot.ranker
    common, name = Concept("supposed"), Concept("warfarin")
    assert ranker.importance(common, long_question=True) == pytest.approx(0.5 * ranker.importance(common))
    assert ranker.importance(name, long_question=True) == ranker.importance(name)  # a rare word may be the topic
    for kept in (Concept("eat", lay=True), Concept("friday")):  # a lay topic, a day
        assert ranker.importance(kept, long_question=True) == ranker.importance(kept)
    assert ranker.importance(Concept("ketamine", {"ketamin": 1.0}), long_question=True) == \
        ranker.importance(Concept("ketamine", {"ketamin": 1.0}))


@pytest.mark.parametrize("question, topic", [
    ("can i have coffee before my infusion", "coffee"), ("will ketamine show up on a drug test", "test"),
])
def test_a_short_question_about_a_topic_the_guide_never_names_is_not_answered(rules_bot, question, topic):
    answer = rules_bot.ask(question)
    assert answer.type == "no_answer" and topic in answer.reason


def test_a_lay_topic_in_passing_in_a_long_message_does_not_block_the_answer(bot):
    answer = bot.ask("my sister drinks way too much coffee and she is nervous about her first infusion, "
                     "will the staff check her vital signs and blood pressure while she is there")
    assert answer.type == "answer" and "vital signs" in answer.passage.section.lower()


def test_a_question_shaped_heading_tells_which_of_the_guides_questions_is_asked(monkeypatch):
    """Both passages are about eating; only the heading's own words ("what can i") tell them apart."""
    from faqbot.retrieval import ranking

    passages = [
        Passage("eat-before-1", "The day before > Can I eat anything the day before?",
                "The day before, eat only light food such as soup, white bread and eggs."),
        Passage("eat-after-1", "After your test > What can I eat afterwards?",
                "Start with something light such as toast or soup, then go back to your usual food."),
        Passage("drive-1", "After your test > Who takes me home?", "Someone must drive you home after sedation."),
    ]
    bot = rules_only(FAQBot(passages))
    assert bot.ask("what can i eat").passage.id == "eat-after-1"
    assert bot.ask("can i eat anything").passage.id == "eat-before-1"
    monkeypatch.setattr(ranking, "HEADING_WEIGHT", 0.0)
    assert rules_only(FAQBot(passages)).ask("what can i eat").passage.id == "eat-before-1"  # words alone tie


def test_a_phone_number_question_needs_a_passage_that_gives_a_number():
    passages = [Passage("call-1", "Contact us", "Our phone line, 555-0100, is open on weekdays."),
                Passage("phone-1", "What to leave behind", "Leave your phone and keys in the locker.")]
    assert FAQBot(passages).ask("what's your phone number").passage.id == "call-1"
    assert FAQBot(passages[1:] + [Passage("x-1", "Timing", "The scan takes 30 minutes.")]).ask(
        "what's your phone number").type == "no_answer"


def test_a_number_the_guide_lacks_counts_half(bot):
    from faqbot.language.query import Concept

    assert bot.ranker.importance(Concept("16")) == pytest.approx(0.5 * bot.ranker.importance(Concept("zyxwv")))


def test_irregular_verb_forms_meet_their_verb():
    from faqbot.language.text import analyze

    assert analyze("I felt sick") == analyze("I feel sick")
    assert analyze("what they found") == analyze("what they find")
    assert analyze("my left arm") != analyze("my leave arm")  # a direction stays a direction


@pytest.mark.parametrize("question", ["what happens when the infusion ends", "what happens once the drip is done"])
def test_when_it_is_over_asks_about_afterwards(rules_bot, question):
    assert rules_bot.ask(question).passage.section.startswith("Step 3: Recovery After the Infusion")
