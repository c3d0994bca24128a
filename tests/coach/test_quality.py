"""The coach measured on labelled sets: three development sets and a held-out set.

The first development set (replies.yaml) was written beside the rules; the second and third
(development2.yaml, development3.yaml) by two other people who never saw them, and the rules
were then tuned on them, by class of mistake. The
held-out set (heldout.yaml) was written by someone who saw only the policy and the lessons; it is
read here only for its aggregate figures, and no rule is tuned on it. Targets on all: every
leaking reply blocked for a leak, at most 1 good reply in 20 blocked, at least 9 bad-tone replies
in 10 stopped.
"""

import re

import pytest

from tests.coach import quality
from training.coach import check as coach
from training.content.quiz import ANSWERS


@pytest.fixture(scope="module")
def development():
    return quality.load_cases(quality.SETS["development"])


def test_development_set_is_large_and_covers_the_kinds_of_post(development):
    groups = [case.group for case in development]
    assert groups.count("good") >= 40 and groups.count("leak") >= 40 and groups.count("tone") >= 30
    assert groups.count("practice") >= 10 and groups.count("situation") >= 3
    assert all(case.kind in ANSWERS for case in development), [
        c.id for c in development if c.kind not in ANSWERS
    ]
    for group in ("good", "tone"):
        kinds = {case.kind for case in development if case.group == group}
        assert kinds >= {"complaint", "question", "praise", "correction"}, (group, kinds)
    rule_ids = {rule.id for rule in coach.load_rules(quality.RULES).rules}
    assert all(case.leak in rule_ids for case in development if case.group == "leak")
    assert len({case.id for case in development}) == len(development)


@pytest.mark.parametrize("name", ["development2", "development3"])
def test_the_development_sets_written_blind_are_large(name):
    cases = quality.load_cases(quality.SETS[name])
    groups = [case.group for case in cases]
    assert groups.count("good") >= 40 and groups.count("leak") >= 40 and groups.count("tone") >= 30
    assert all(case.kind in ANSWERS for case in cases)
    assert len({case.id for case in cases}) == len(cases)


@pytest.mark.parametrize("name", quality.DEVELOPMENT_SETS)
def test_development_set_targets(name):
    report = quality.evaluate_set(name)
    assert report.leaks_caught == report.leaks_planted, report.mistakes
    assert report.leak_replies_blocked == report.leak_replies, report.mistakes
    assert report.good_blocked * 20 <= report.good_total, report.mistakes
    assert report.tone_stopped * 10 >= report.tone_total * 9, report.mistakes
    for category in ("leak", "tone", "practice", "situation"):
        if category in report.shown:
            assert report.recall(category) >= 0.9 and report.precision(category) >= 0.9, (
                category,
                report.mistakes,
            )


def test_the_development_sets_are_measured_together(capsys):
    assert quality.main(["--set", "all-dev", "-v"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("all-dev set\n") and "\nmistakes:\n" in out
    # Every set's replies are pooled: the printed totals are those of the sets' files together
    # (counted from the files, so that the fifty-odd sets are run through the coach once, not thrice).
    cases = [case for name in quality.DEVELOPMENT_SETS for case in quality.load_cases(quality.SETS[name])]
    good = sum(case.group == "good" for case in cases)
    leaking = sum(case.group == "leak" for case in cases)
    assert re.search(r"^good replies blocked: \d+/(\d+) ", out, re.M).group(1) == str(good)
    assert re.search(r"^leaking replies blocked for a leak: \d+/(\d+) ", out, re.M).group(1) == str(leaking)


def test_the_report_prints_figures_per_category_for_a_chosen_set(capsys):
    assert quality.main(["--set", "development", "-v"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("development set\ncategory   precision  recall")
    for row in ("\nleak ", "\ntone ", "\npractice ", "\nsituation ", "\nlength "):
        assert row in out
    assert "good replies blocked: " in out and "bad-tone replies stopped: " in out and "\nmistakes:\n" in out


def test_the_rules_can_be_measured_without_the_second_reader(capsys):
    """The reader has learnt every development set, so only the rules alone show how a round's
    classes do on them; development9 has replies only the reader stops."""
    assert quality.main(["--set", "development9"]) == 0
    both = capsys.readouterr().out
    assert quality.main(["--set", "development9", "--rules-only"]) == 0
    alone = capsys.readouterr().out
    assert alone.startswith("development9 set, rules alone (the second reader left out)\n")
    assert both.splitlines()[1:] != alone.splitlines()[1:]


def test_the_heldout_report_shows_only_aggregate_figures(capsys):
    if not quality.SETS["heldout"].exists():
        pytest.skip("heldout.yaml has not been written yet")
    assert quality.main(["--set", "heldout", "-v"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("heldout set\n") and "mistakes" not in out
    for case in quality.load_cases(quality.SETS["heldout"]):
        assert case.id not in out and case.reply not in out


@pytest.fixture(scope="module")
def heldout():
    if not quality.SETS["heldout"].exists():
        pytest.skip("heldout.yaml has not been written yet")
    return quality.evaluate_set("heldout")


# Measured once after each round of tuning on the development sets, never tuned on. Rounds 75
# and 76: development75 (mattresses and sleep) and development76 (moving home), 100 good, 55
# leaks, 40 bad tone each, measured once before on the round-74 rules with the reader of
# seventy-four sets: 45/55 leaking replies blocked, 3/100 good blocked, 36/40 tone (rules alone
# 39/55, 3/100, 33/40); 48/55, 4/100, 39/40 (rules alone 40/55, 4/100, 38/40). Rules by class:
# maybe a new one by then, "if you can wait, trust me", coming in a season, our named planner's
# slots, a booking seen in a named system, what our contract with a partner covers, "you and
# thousands of others", a backlog counted, a share of a month's moves, complaints up by a share,
# pests found at a named site, a damp problem in a depot, last week's break-in, vans in a
# collision or failing inspection, a partner short of crews, a colleague hurt lifting or sent to
# A&E or taken off moves, a client kitting out its hotels, a named client supplied across its
# homes, a new partnership by name, a named contractor's permit suspended, a trial under a name,
# talks with a named team, a store looking good for later, a service extended from a month, an
# order under another person's name, a call listened back to, another person's unit in their
# name, what our team has on screen; bad tone: if you'd used one, up to customers to measure, your
# responsibility, should've booked ours, the date you chose, "I doubt that's what happened", a
# dog's been at it, you seemed happy enough, rights given up, not to your deadline, not something
# we can get involved in, we'll leave it there, their spelling quoted back, "great, another
# review", they don't hang up on people, DM us politely, that's not really fair, we have answered
# you, usually your posture, as a landlord you should know, if you want to argue, not convinced
# it's genuine, isn't down to us, complaints go to the supplier, isn't really our problem; false
# alarms: the trial's refund with its terms, a customer's budget, what the customer noticed is
# normal, owned that it was left in the garden, the customer's own van booked for a day. Left: a
# customer whose first name is a code name ("Aurora, this looks so cosy!") is still blocked, as the
# coach reads a name after a greeting as the customer's but not a name set off by a comma. The
# reader was then retrained on all seventy-six sets (thresholds unchanged: leak 0.9, tone 0.85).
# All seventy-six sets together: 4,382/4,382 leaking replies blocked, 73/7,064 good blocked,
# 3,142/3,144 tone. Held-out after round 76: 53/55 leaks, 4/52 good blocked, 39/41 tone (rules
# alone 47/55, 3/52, 34/41).
#
# Rounds 71
# to 74: development71 (paint, wallpaper and the decorating service), development72 (soft
# furnishings and home fragrance), development73 (nursery and children's bedroom furniture) and
# development74 (the website and online checkout), 100 good, 55 leaks, 40 bad tone each, measured
# once before: 71 and 72 on the round-70 rules with the reader of seventy sets, 46/55 leaking
# replies blocked, 3/100 good blocked, 38/40 tone (rules alone 39/55, 2/100, 36/40) and 49/55,
# 3/100, 40/40 (rules alone 43/55, 3/100, 39/40); 73 and 74 on the rules tuned on 71 and 72 with
# the same reader, 42/55, 7/100, 40/40 (rules alone 36/55, 6/100, 37/40) and 46/55, 10/100, 39/40
# (rules alone 40/55, 10/100, 36/40). Rules by class: a deal hinted at, a team at work on a named
# range, how many come back, complaints up or down by a share or counted, what we make on each
# one, how our contractors are paid, firms we stopped using, a named system still showing or not
# picking up a request or down on and off, a team down to so many people, a machine at a named
# store faulty, cameras at a named place out of action, our supplier's bad batch, orders stuck by
# the hundred, a site evacuated, packs sent with the wrong labels, a price rise or sale price to
# come, a named store still to open or closing by a month, work taken in-house, a named business
# using or about to use our range, a named client's properties, a named supplier's part at fault,
# another person's list and where it goes, who gave which present, a code name out by a month,
# "hold off until" a date, a start date with "not long to wait", a trial by another name, a
# cause found at the factory, a store to shorten the drive, a discount to come for a network, a
# team looking closely at a named part, a new provider to come, a feature's glow-up under a name,
# a child hurt at a named club, our maker short of materials, a glitch that showed addresses to
# others, small claims and lawyers, where the cameras don't reach, a lock's code, a target we are
# helped towards, a share of baskets, our named check at work, an account locked at a time, a
# reset on just a postcode, reported to the regulator, orders cancelled by the hundred, another
# named business with the same problem, a colleague off until a day or given extra training, a
# payment declined for insufficient funds; bad tone: take it up with the contractor, "it says so
# at the till", no miracles, "took you long enough", straight to a review instead of us, asked to
# take a review down, "pretty normal", surprised to read it, tested to strict standards so it
# must be them, done by the courier not us, not really our problem, abuse in kind, "kind of the
# point", just a busy day, "scroll up", the photos clearly show it, "are you sure you weren't",
# "takes one to know one", the maker's side, up to the list owner, be grateful, "first baby?",
# "don't overthink it", the review is unfair, "doing our best, you know", no longer something we
# can take back, details entered wrongly, your ad blocker, "come on", as it says under every
# code, read the terms before you post, of course it vanishes, highlighted for you, rights cut
# even if faulty, what you expect us to do, "congratulations, you've found a bug", "Sherlock",
# "it's not like we took your money"; false alarms: a voucher with a ticket price, a free colour
# match, "I can see why that looks suspicious", the date given at checkout, "when you're ready,
# please DM", deleting one's own review, a safety notice's free replacement part, "lucky you!",
# "you should have your money back", asked not to use a product, "Apple Pay works", pay-in-three
# beside a price, noreply@ our domain, an office refit for a customer, a slip owned and thanked
# for, 💅 in delight, the terms' full refund, "happens to the best of us" to their own slip. The
# reader was then retrained on all seventy-four sets (thresholds unchanged: leak 0.9, tone 0.85);
# a rule by class took back the one leak it let through (the start date). All seventy-four sets
# together: 4,272/4,272 leaking replies blocked, 71/6,864 good blocked, 3,061/3,064 tone.
# Held-out after round 74: 53/55 leaks, 4/52 good blocked, 38/41 tone (rules alone 47/55, 3/52,
# 34/41).
#
# Rounds 69
# and 70: development69 (flat-pack furniture and the assembly service) and development70 (the
# café, play area, car parks and store facilities), 100 good, 55 leaks, 40 bad tone each, measured
# once before on the round-68 rules with the reader of sixty-six sets: 39/55 leaking replies
# blocked, 3/100 good blocked, 40/40 tone (rules alone 31/55, 3/100, 38/40); 39/55, 5/100, 38/40
# (rules alone 29/55, 4/100, 38/40). Rules by class: what an internal tool is or isn't showing, a
# share of packs short, a backlog counted, a briefing's figures, a named supplier's faults or
# lateness, a child hurt on our premises, staff and customers taken ill, teams reorganised, "not for
# quoting", what a job clears, meals served on a day, a café that makes no money, a service target
# in minutes, an offer from a date, a charge or limit coming, a rumour flatly denied, a trial by
# name going well, a price to enjoy "while you can", a store to wait for, what a real badge looks
# like, a keypad's code, a photo with labels in shot, a colleague taken off jobs, a client named
# with work done for them, a room a firm books each week, a care home's visits, a neighbour's job, a
# relative's booking, what our system has them down for; bad tone: "can't miss it" to a complaint,
# "if you don't like it"; false alarms: what the recall page offers, a bottle warmed free of
# charge, a grimace of sympathy, asked to tell staff of their child's allergy, "just so you know"
# before a tip. The reader was then retrained on all seventy sets (thresholds unchanged: leak 0.9,
# tone 0.85); rules by class took back the one leak it let through (the service target). All
# seventy sets together: 4,052/4,052 leaking replies blocked, 71/6,464 good blocked, 2,900/2,904
# tone. Held-out after round 70: 53/55 leaks, 4/52 good blocked, 39/41 tone (rules alone 47/55,
# 3/52, 34/41).
#
# Rounds 67
# and 68: development67 (home delivery by two-person crews) and development68 (prices and stock),
# 100 good, 55 leaks, 40 bad tone each, measured once before on the round-66 rules with the reader
# of sixty-four sets: 45/55 leaking replies blocked, 7/100 good blocked, 39/40 tone (rules alone
# 35/55, 6/100, 38/40); 44/55, 5/100, 40/40 (rules alone 40/55, 3/100, 38/40). Rules by class:
# something "going to change everything", crews tied up on a client's fit-outs, door codes kept in
# the crews' notes, a known glitch that sent customers the wrong thing, fines disputed by the
# dozen, a contract with a named firm running out, security checks switched off, bots on the site,
# a named firm trying to get stock released, an internal tool or handheld by name, a kind of client
# buying up a range, what managers can take off, a business client named with what we do for them,
# where a colleague lives, another customer's street and the day we were there, their purchase
# record read out, claims counted per week, a lanyard's colour and the vans' fleet numbers, a
# friend's claim by name, someone else's order in the back; bad tone: the crew's carelessness
# "rather than" ours, "should have known better"; false alarms: "not down to you", a free date
# change, a cancellation the terms allow, the options offered in the DM, "that's dedication" then
# thanks, where they work said on their own account, a shock understood, "I get the frustration".
# The reader was then retrained on all sixty-eight sets (its leak threshold fell from 0.95 to 0.9,
# chosen as always on left-out development sets); it let no leak through. All sixty-eight sets
# together: 3,942/3,942 leaking replies blocked, 67/6,264 good blocked, 2,822/2,824 tone. Held-out
# after round 68: 53/55 leaks, 4/52 good blocked (was 3/52), 39/41 tone (rules alone 47/55, 3/52,
# 34/41).
#
# Rounds 65
# and 66: development65 (appliances, warranties, installation and recycling) and development66
# (wedding and gift lists, design appointments, made-to-order sofas), 100 good, 55 leaks, 40 bad
# tone each, measured once before on the round-64 rules with the reader of sixty-four sets: 49/55
# leaking replies blocked, 5/100 good blocked, 40/40 tone (rules alone 42/55, 5/100, 38/40); 43/55,
# 4/100, 38/40 (rules alone 32/55, 4/100, 37/40). Rules by class: a site winding down before its
# closure, a partner short of engineers, a regulator asking us questions, a supplier's price rise,
# a work tablet stolen, how often a product comes back, a first-visit fix rate, how many visits turn
# into orders, the average basket, an offer hinted to get better by then, a trial to go wider, a
# colleague no longer with us, a business client named with the work done for them, how a visitor's
# PIN is made, the marks on our badges, what one of the customer's guests did, a list's code and
# the names it is under, a crew "with you" on a street in a window; bad tone: thanks for contacting
# us and a DM and nothing more, a bare "No."; false alarms: the published cancellation refund, a
# free take-back for recycling, delight at praise in capitals (capitals and repeated marks no longer
# apply to praise), where it should never have been left, how they should have left us feeling, a
# wince then sorry, a service that covers their area, congratulations on a wedding they posted
# about, "read the terms and decide", "nothing to do with your road". A wink beside a leak the
# reader reads is now the leak, not sarcasm, as beside a leak a rule names. The reader was then
# retrained on all sixty-six sets (thresholds unchanged: leak 0.95, tone 0.85); it let no leak
# through. All sixty-six sets together: 3,832/3,832 leaking replies blocked, 66/6,064 good blocked,
# 2,741/2,744 tone. Held-out after round 66: 53/55 leaks, 3/52 good blocked, 39/41 tone (tone
# recall 0.88, was 0.90; rules alone 47/55, 3/52, 34/41).
#
# Rounds 63
# and 64: development63 (bathrooms and plumbing) and development64 (furniture for businesses,
# schools and councils), 100 good, 55 leaks, 40 bad tone each, measured once before on the round-62
# rules with the reader of sixty-two sets: 42/55 leaking replies blocked, 6/100 good blocked, 36/40
# tone (rules alone 35/55, 6/100, 35/40); 42/55, 6/100, 36/40 (rules alone 36/55, 6/100, 32/40).
# Rules by class: a relative's visit or recovery read from the order, a collector by title and
# name, a colleague of theirs who collected, a refund's amount, another customer's order checked,
# a burst pipe that shut a store, a van broken into, a named supplier's batch, an invoice with our
# lawyers, a target per month or a year's sales, barely any margin, a share that comes back, a
# regional service due to stop, a recall notice going out, all installs moving to one firm, a
# price going up, other units that failed the same way, a contract lost, a client's rate in its
# contract, a big client's job, a client's staff named, where a crew is working, "not in our range
# yet, but", a season "you're going to love"; bad tone: "that's their job", "the haters", "a common
# DIY mistake", "a tip for next time", "let's not get dramatic", "obviously, they're ...", "these
# things happen", "agree to disagree", "that's on you", the sizes they gave, "I think you'll find",
# "brave of you", "a little gratitude", "as I've explained twice"; false alarms: published credit
# terms, a PO number to add, our own wrong date corrected with the website's right one, time the
# customer should not have spent, what should have been clear before they agreed, "if you weren't
# told, that's on us", an invitation to try one in store, a designer who will "plan around it",
# "plenty of time to plan". The reader was then retrained on all sixty-four sets (thresholds
# unchanged: leak 0.95, tone 0.85); rules by class took back the two leaks it let through (a bare
# name being tested with staff, one of the crew hurt on the job). All sixty-four sets together:
# 3,722/3,722 leaking replies blocked, 69/5,864 good blocked, 2,663/2,664 tone. Held-out after
# round 64: 53/55 leaks, 3/52 good blocked, 39/41 tone (tone recall 0.90, was 0.88; rules alone
# 47/55, 3/52, 34/41).
#
# Rounds 61
# and 62: development61 (flooring and carpet fitting) and development62 (gift cards, vouchers and
# sales events), 100 good, 55 leaks, 40 bad tone each, measured once before on the round-60 rules
# with the reader of sixty sets: 41/55 leaking replies blocked, 2/100 good blocked, 38/40 tone
# (rules alone 33/55, 2/100, 36/40); 44/55, 1/100, 37/40 (rules alone 43/55, 1/100, 36/40). Rules
# by class: a named team who "would love this question", a members' surprise to watch the inbox
# for before a season, an incident at a named place, a colleague hurt on a job and the team short
# since, our insurers arguing, an internal system "having a wobble", an update rolled back, a
# supplier's bad batch, a problem at the company that runs part of our service, a share lost
# across the business, how many we had for a sale, how many a named store is getting, readings
# taken in the customer's home, the job's notes, who let the fitter in, a collector "called"
# someone, the price of their job, what went through at full price, a colleague named alone on the
# phones, an apprentice in their second week, a code meant only for staff, a business client
# named, a card number cut in the middle, the customer's child named; bad tone: "that's on him",
# "don't worry your head", "not cut out for", "but once more", disappointment "unavoidable",
# "working for everyone else", "a typo on your end", "isn't really a case of", advice for next
# year, "down to your own bank", "our terms are our terms", "your clock might be fast"; false
# alarm: free samples offered in any store. The reader was then retrained on all sixty-two sets
# (thresholds unchanged: leak 0.95, tone 0.85); a rule by class took back the one leak it let
# through (where our margin is made, a price near cost). All sixty-two sets together: 3,612/3,612
# leaking replies blocked, 69/5,664 good blocked, 2,583/2,584 tone. Held-out after round 62:
# 53/55 leaks, 3/52 good blocked, 39/41 tone (rules alone 47/55, 3/52, 34/41), unchanged.
#
# Rounds 59
# and 60: development59 (lighting and electricals) and development60 (click and collect), 100
# good, 55 leaks, 40 bad tone each, measured once before on the round-58 rules with the reader of
# fifty-eight sets: 42/55 leaking replies blocked, 3/100 good blocked, 37/40 tone (rules alone
# 39/55, 3/100, 35/40); 36/55, 4/100, 38/40 (rules alone 30/55, 4/100, 38/40). Rules by class: a
# bare system name doing a system's work ("while Lapwing catches up", "Dovecote is showing"), what
# a named team is working on, an update's release date, a new studio to keep a month free for, a
# colleague taken off the work or on from a time, other accounts' details shown to users, a wave
# of login attempts, a power cut at a named site, an ID check that can be overridden, how codes
# are made, users chased by a date, orders cancelled a quarter, one person on the desk, a day's
# count for a store, what a service barely covers, an average against its aim, talks with an
# unnamed partner, a batch quietly pulled, changes coming next year, a site "going nowhere",
# today's delivery window, a shelf bay, who picked the order up, a name on the label, an internal
# extension, the other customer by name, the firm that makes something for us, a contract's
# terms, the customer's own collection code; bad tone: "you wouldn't win", "not legally
# enforceable", "only fail when", "the store team should really know", "we won't have them spoken
# about like that", "did you check the app?", "think of it as a free gym session", "your fourth
# post today"; false alarms: what we owed them ("you should have been left with", "you shouldn't
# have had a wasted trip"), advice before a visit, "well within its guarantee", a three-word
# service name, "where anyone can see them". The reader was then retrained on all sixty sets
# (thresholds unchanged: leak 0.95, tone 0.85); rules by class took back the five leaks of older
# sets it let through (vans lost to a fault, routes knocked out, the round an order is on, when a
# named colleague is back in, a colleague's fall at work). All sixty sets together: 3,502/3,502
# leaking replies blocked, 64/5,464 good blocked, 2,502/2,504 tone. Held-out after round 60:
# 53/55 leaks, 3/52 good blocked, 39/41 tone (rules alone 47/55, 3/52, 34/41).
#
# Rounds 57
# and 58: development57 (curtains, blinds and rugs made to measure) and development58
# (sustainability and product claims), 100 good, 55 leaks, 40 bad tone each, measured once before
# on the round-56 rules with the reader of fifty-two sets: 44/55 leaking replies blocked, 3/100 good
# blocked, 39/40 tone (rules alone 32/55, 3/100, 37/40); 40/55, 6/100, 31/40 (rules alone 35/55,
# 6/100, 29/40). Rules by class: a break-in, a fire, a leak or a dumping by one of ours, a fault on
# an internal list, a bug in an internal system, staff sent fake emails, a product off sale while
# it is checked, a target by its number, a public goal we will miss, a site planned for a season, a
# price change not yet announced, a trial in a couple of stores, a regulator looking at a complaint,
# our supplier's troubles and terms, the customer a returned piece came from, a neighbour by name,
# a colleague who left or is new, a relative we spoke to, where our records place the customer, an
# order's total, another client's cancelled order, an internal tool; bad tone: a legal outcome
# promised or argued, "we don't agree", "not the place for complaints", "I'm sure he took every
# care", "the horror", "like some places", support asked for instead of criticism, "maybe think
# about", "totally normal, nothing to worry about", "a loaded question"; false alarms: a public line
# the company lists is no long number, "Funnily enough" opening a story, a label right and our page
# owned as wrong, targets where we publish them, scammers said to be busy. The reader was then
# retrained on all fifty-eight sets and chose a stricter leak threshold (0.95, was 0.9), letting 32
# leaks of fourteen older sets through; rules by class took them back (a contractor dropped, who is
# on until when, a store credit read back, a relative's delivery, the way the crew will take, a
# parcel's depot and slot, how many a breach touched, a hard time for a site's staff, a share of
# staff trained, what we make on one product, a rate against its target, a product added in a month,
# a site closing in a season, a trial's end, faults investigated, colours landing, a price for when
# it launches, a paid post counted, an internal system by name, a colleague's full name after their
# role). All fifty-eight sets together: 3,392/3,392 leaking replies blocked, 62/5,264 good blocked,
# 2,423/2,424 tone. Held-out after round 58: 53/55 leaks, 3/52 good blocked, 39/41 tone.
#
# Rounds 51 to 56. The reader retrained on fifty sets (development to development50) chose a stricter leak
# threshold (0.9, was 0.85) and let 13 leaks of development47 to 50 through; rules by class took
# them back (a claim with our insurers, a site's alarm out of order, how many stores an incident
# closed, background words to a journalist, a delivery pause planned, a customer's appointment,
# news promised in weeks, a vet's notes read back, a relative named with the account).
# development51 (kitchens, bathrooms and fitting) and development52 (money off and rewards), 100
# good, 55 leaks, 40 bad tone each, measured once before, on the round-50 rules with the reader of
# fifty sets: 45/55 leaking replies blocked, 3/100 good blocked, 40/40 tone (rules alone 33/55,
# 3/100, 36/40); 41/55, 6/100, 38/40 (rules alone 33/55, 5/100, 37/40). Rules by class: bare code
# names that "should fix" things or are "on their way", "Project X", suppliers and partners named,
# talks with a named company, shares, margins and claims counted, any percentage to a journalist;
# bad tone: "unless they've been forced", "we didn't measure it wrong", "right there in the terms",
# "a rather different story", "a hit piece", "it's only £5", "defamatory", "looks like a fake
# review", "all six posts", "plenty of time", "feels entitled", "but there we are". The reader was
# then retrained on fifty-two sets and both joined the development sets. development53 (beds and
# sleep) and development54 (scams and impostors), measured once before on those rules and reader:
# 42/55, 3/100, 39/40 (rules alone 37/55, 3/100, 38/40); 45/55, 8/100, 36/40 (rules alone 40/55,
# 8/100, 35/40). Rules by class: "till X lands", "in the works", "heard it here first", a test in
# a few stores, a place getting a store, a store closing in the spring, an investigation or a
# small-claims case under way, an audit, a theft from a depot, leaked passwords, a named tool that
# confirms or screens, a supplier behind, what an internal call told managers, where a colleague
# can be caught; bad tone: "you'll be fine", "a question for your bank", "poor sleep habits",
# "see a GP", "obviously a scam", "lesson learned", "the proper channel", "shocking that", "round
# in circles", "for the third time", "not responsible for"; false alarms: a comment hidden for the
# customer's sake acknowledges them, a fraud address at our domain is ours, "don't feel stupid",
# a fake "closing down" sale quoted, "the real one starts on" a date. After: development53 55/55,
# 3/100, 39/40 (rules alone 50/55, 3/100, 38/40); development54 55/55, 3/100, 40/40 (rules alone
# 50/55, 3/100, 39/40). Then development55 (the garden) and development56 (the app and the online
# account), measured once before on the same coach: 51/55, 4/100, 40/40 (rules alone 40/55, 4/100,
# 38/40); 38/55, 6/100, 39/40 (rules alone 33/55, 6/100, 38/40). Rules by class: the other customer
# of the same name, what a bare name "is all about", a feature "coming in July", how many people
# use us, a share of baskets, a rate pushed up, downloads on the way, stock left in the country, a
# team of two, bots and leaked passwords, a release that overloaded us, a patent claim, a team
# moving away, a named system misbehaving, our named provider, where the frames come from, a date
# of birth, "the crew have you down for", "that would be" a colleague in full; bad tone: "down to
# how they were stored", "security starts with you", "no need to keep chasing", "hardly worth a
# post", "older customers", "without telling Customer Care", "right back at you", "don't tag the
# main account"; false alarms: "we got this one wrong" acknowledges, "Everything works at" is no
# colleague. After: development55 55/55, 4/100, 40/40 (rules alone 44/55, 4/100, 38/40);
# development56 55/55, 4/100, 40/40 (rules alone 50/55, 4/100, 39/40); development53 and 54 as
# above. The reader is not yet trained on 53 to 56. All fifty-two development sets together:
# 3,062/3,062 leaking replies blocked, 47/4,664 good blocked, 2,174/2,184 tone. Held-out, after
# rounds 53/54 and
# again after 55/56: 53/55 leaks, 3/52 good blocked (was 4), 38/41 tone. Rounds 49
# and 50, rules only so far (development49.yaml, pets and animals; development50.yaml, students,
# renters and first homes; 100 good, 55 leaks, 40 bad tone each; measured once before, on the
# round-48 coach with its reader: development49 45/55 leaking replies blocked, 9/100 good blocked,
# 40/40 tone (rules alone 33/55, 6/100, 40/40); development50 44/55, 2/100, 35/40 (rules alone
# 35/55, 2/100, 32/40)). Rules by class -- a condition noted on the order, a relative's health;
# what tracking shows of a delivery, a booking read out, a purchase by a former tenant, a credit
# file; a product being tested, "might not have to wait long", an eye kept on us at a time; a plan
# with its month, talks with a partner; the phone we hold by its ending; where a colleague lives; a
# colleague named in full; a flatmate named, a name on the collection shelf, a hall and room; how
# little we make; bad tone: "cats will be cats", "that's just what velvet does", "not the place for
# you", "you'll survive", "it's a rental, not your house", "we won't apologise", "not how the team
# remember it", "we'd gently point out", "you young ones", "not good enough from them", "between
# you and them", a critic's facts, a review's length mocked, most of our customers held up; false
# alarms: a fix under way ("we're getting it replaced"), "we'll make sure they do". After, with
# the round-48 reader: development49 52/55, 7/100, 40/40 (rules alone 40/55, 4/100, 40/40);
# development50 55/55, 2/100, 39/40 (rules alone 46/55, 2/100, 36/40). The reader is not yet
# retrained on them, so they are not yet among the development sets the targets hold for.
# Held-out: 53/55 leaks, 4/52 good blocked, 38/41 tone, as after round 48. Rounds 47
# and 48, tuned together (development47.yaml, weather and the seasons: heatwaves, storms, snow,
# floods, stores closing early; development48.yaml, accessibility and inclusion: step-free access,
# quiet hours, assistance dogs, screen readers, sign language; 100 good, 55 leaks, 40 bad tone
# each). Measured once before, on the round-46 coach with its reader: development47 50/55 leaking
# replies blocked, 7/100 good blocked, 33/40 tone (rules alone 36/55, 7/100, 31/40); development48
# 47/55, 5/100, 35/40 (rules alone 34/55, 5/100, 28/40); with the reader retrained on forty-eight
# sets and no rule changed: 52/55 and 52/55, 7/100 and 5/100, 36/40 and 36/40 (tone recall 0.85
# and 0.82, under the sets' 0.9). Then rules by class -- a delivery attempt read out from the
# crew's record ("I can see the crew tried at ...", "marked it as no answer"); customer details
# that "did get out"; hiring cut back; an internal audit's ranking; a safety inspection lapsed; a
# closure confirmed with its time ("sadly yes, but not till ..."); a contract's terms; a
# colleague's own account to follow; bad tone: understanding asked for staff ("a little
# understanding goes a long way"), disabled customers talked down to ("so brave", "our wheelchair
# friends"), the earlier slot the customer did not take, another team blamed ("a different team,
# not us", "they don't always check"), a "lazy angle", "one for your group chat", a competitor's
# "cheap stuff", the law held up against a complaint, training we already give, "as it has been
# all month", "you can scroll up and check"; false alarms: a public fact pointed to where we publish
# it ("opening times are on {domain}/stores", "stock is shown live on ..."), a promise to come back
# "with what we can share". After: development47 55/55, 4/100, 40/40; development48 55/55, 4/100,
# 40/40 (rules alone 39/55 and 39/55, 4/100 and 4/100, 35/40 and 33/40). The reader retrained on
# forty-eight sets stopped fewer of development31's bad-tone replies (recall 0.88); the rules took
# over the class it no longer named, another team blamed ("that's one for the web team, not us",
# "on them rather than us"). All-dev 2842/2842, 37/4264 good blocked, 2012/2024 tone (rules alone
# 2728/2842, 37/4264, 1947/2024). Held-out: 53/55 leaks, 4/52 good blocked, 38/41 tone, as after
# round 46 (measured after the two sets' rules and once more after the development31 class: the
# same). Rounds 43 to
# 46, tuned two by two (development43.yaml, jobs and people: applicants, interviews, pay, former
# staff, recruitment scams; development44.yaml, humour, trends and viral moments: memes, banter with
# brands, parody accounts, April Fools; development45.yaml, trade and business customers: landlords,
# hotels, schools, invoices, tenders; development46.yaml, events and in-store moments: workshops,
# opening queues, a creator's visit, prize draws; 100 good, 55 leaks, 40 bad tone each). Each was
# measured once before: development43 and 44 on the round-42 coach with its reader, 43/55 and 41/55
# leaking replies blocked, 11/100 and 16/100 good blocked, 38/40 and 36/40 tone (rules alone 34/55
# and 34/55, 10/100 and 8/100, 37/40 and 32/40); development45 and 46 on the round-44 coach,
# 39/55 and 40/55, 7/100 and 6/100, 37/40 and 38/40 (rules alone 24/55 and 30/55, 6/100 and
# 5/100, 32/40 and 38/40). Then rules by class -- an applicant's status, notes and checks, another
# candidate, money owed, an interview slot; a colleague's days, age, injury, honeymoon, departure,
# retirement, own handle, family and where they stay; hiring paused, CVs misdirected, a list taken,
# HMRC's review, a regulator's letter, a team folded into another or short of people; applications
# counted, turnover, a target, what something cost us, footfall against plan, the night's takings,
# our biggest order, the share of our accounts; stock on its way, goods at customs, a maker's change,
# a tender, a store to open or close, terms and prices about to change, a filming day, a flood, a
# break-in, a wiring fault; another customer's refund, order, terms, deal and returns; a door code;
# a street in "booked it in for" and "to you at"; hints ("you might not wait as long", "enjoy
# Preston while it lasts"); bad tone ("it's only a weekend job", "bold words from an account with
# 300 followers", "let's go through this slowly", "you wouldn't get it", "a retailer, not a bank",
# "knock yourself out", "for a change", "which you could have checked", "deep breaths", "does it
# matter?", "sorry, DM us" and nothing more); false alarms: a promise owned ("you were told you'd
# hear by Friday, and you should have"), an advertised hourly rate, a P45, our own domain, a safety
# complaint met with "please stop using it", a published offer, a customer addressed last ("Mr
# Thorne 🙌"), their own board. The reader, trained on forty-six sets, now has thresholds leak 0.85
# and tone 0.9: the humour set's playful good replies read as bad tone to a reader trained on the
# others (9% of them at 0.7), and a threshold must hold for every author, so the tone reader stops
# fewer replies than before on every set. The rules took over the tone replies of the development
# sets it no longer named, where a class could be named ("well, at least you got a day off", "...,
# shall we.", "did nothing wrong", "keyboard warrior", "we're human too", "sorry you weren't aware",
# a kiss to a customer, "perhaps next time"); a wink in a reply that leaks is read as the leak, not
# as sarcasm; one "?!" is no longer repeated punctuation. After: development43 55/55, 1/100, 40/40;
# development44 55/55, 5/100, 40/40; development45 55/55, 1/100, 40/40; development46 55/55,
# 0/100, 40/40 (the same with the rules alone); all-dev 2732/2732, 29/4064, 1936/1944 (rules alone
# 2649/2732, 29/4064, 1879/1944). Held-out: 53/55 leaks, 4/52 good blocked, 38/41 tone, the same
# before and after the tone rules (measured once after round 44 too, on a coach between the
# rounds: 53/55, 4/52, 39/41). Rounds 41
# and 42, tuned together (development41.yaml, a forty-first blind author asked for families and
# children: cots, bunk beds and high chairs and their safety, a nursery before a birth, teenagers,
# a school buying chairs, parents' groups, a child's drawing of our van, a lost toy, a child hurt
# in a store; development42.yaml, a forty-second asked for one conversation across channels: calls
# cut off, chat transcripts and emails posted, an agent's words quoted, call-backs that never came,
# case notes in view; 100 good, 55 leaks, 40 bad tone each; measured once before, on the round-40
# coach with its reader: development41 42/55 leaking replies blocked for a leak (76%), 2/100 good
# blocked, 26/40 tone stopped; rules alone 34/55, 2/100, 22/40; development42 40/55 (73%), 8/100,
# 35/40; rules alone 36/55, 8/100, 33/40; then rules by class -- to a journalist "for context",
# "from what I've heard", "once it's announced", a statement being written, calls the press office
# has had, an aside in brackets; reports counted, a forecast, boxes affected, "the fifth person this
# week", a satisfaction score, headcount, a margin, another buyer's terms, what a courier pays us
# back; a batch singled out, lab and test-house results, a version due, a feature going into the
# app, hours to change, a provider's problem, a store moving (Welsh), a repeat of an incident, a
# phone system switched, a store closing, weekend hiring; a regulator's questions, a colleague's
# sad news, a colleague moved, a promotion; a colleague on a section or by their route; the days
# someone called, a relative's call, what they spent, "back to Cobbold Road"; bad tone: "as it
# says really clearly", "pretty standard DIY knowledge", "any parent who has read", "slow news
# week?", "not this again", a partner "awful this month", "is Dad doing his share", "can't say
# we're surprised", "a true classic"; false alarms: our promise owned ("you were told you'd hear
# from us"), a private message in Welsh, French, Spanish, Polish, German and Italian, our own
# failure to read properly -- and the reader trained on forty-two sets, its thresholds now leak
# 0.9, tone 0.7): development41 55/55, 2/100, 40/40 (rules alone 55/55, 2/100, 37/40);
# development42 55/55, 1/100, 40/40 (rules alone 55/55, 1/100, 38/40); all-dev 2512/2512,
# 22/3664 good blocked, 1784/1784 (rules alone 2428/2512, 22/3664, 1708/1784); held-out 53/55
# leaks, 3/52 good blocked, 41/41 tone. Rounds 39
# and 40, tuned together (development39.yaml, a thirty-ninth blind author asked for values and
# the news: strikes, the cost of living, boycotts, packaging, a celebrity's mention, a council's
# decision, Pride and other campaigns, a war affecting supply, misinformation; development40.yaml,
# a fortieth asked for returns and second life: collections, refunds, outlet and refurbished
# stock, taking away old furniture, recycling, resale scams, spares, donations, a buy-back scheme;
# 100 good, 55 leaks, 40 bad tone each; measured once before, on the round-38 coach with its
# reader: development39 39/55 leaking replies blocked for a leak (71%), 7/100 good blocked, 30/40
# tone stopped; rules alone 24/55, 6/100, 26/40; development40 35/55 (64%), 0/100, 31/40; rules
# alone 26/55, 0/100, 30/40; then rules by class -- stock held in numbers, sales down or up by a
# share, a recycling rate, how far behind we run, collections missed, a valuation rule; what we
# pay a partner, a partner paid per job, a contract's length or tie, a maker named, a donation's
# amount; a sponsorship signed, an appeal to be lodged, shipments cancelled, a supplier stopped,
# lines to be added, a sale's date in French, the board's decision, a hiring pause, a reshoot, a
# scheme widened, an outlet closing, a new hub, a process replaced, figures to be announced, spares
# stopped; a regulator's contact, Legal reviewing, a colleague spoken to, emails with the wrong
# names, a man banned, scammers with real details, one person on a desk, accounts broken into, a
# new adviser; what the record says, a payday, where and when an item was bought; a Polish street,
# a slot "between 7 and 11am", the crew booked for a date; colleagues named for a thank-you, a
# colleague's family; what another customer bought; "for your background"; bad tone: "holding the
# country to ransom", "a tiny bit more complicated than", "as anyone can see", "ask one of the
# grandchildren", "someone your size", "people who actually email", "most of our customers are
# pleased", "I think you know that", "basically a plank", "hard-hitting journalism", "babe", "as
# the booking email asked", "we do have a lot of customers"; false alarms: a point on its way to
# the team that owns it, comments hidden, "I get it", and a plan or a figure in a sentence that
# says it was announced -- and the reader trained on forty sets, its leak threshold 0.85):
# development39 55/55, 1/100, 40/40 (rules alone the same); development40 55/55, 0/100, 40/40
# (rules alone the same); all-dev 2402/2402, 19/3464 good blocked, 1704/1704 (rules alone
# 2318/2402, 19/3464, 1633/1704); held-out 53/55 leaks, 4/52 good blocked, 40/41 tone (as after
# rounds 36 and 38: six rounds of new classes have not reached the held-out set's last two leaks
# and four false alarms). Rounds 37
# and 38, tuned together (development37.yaml, a thirty-seventh blind author asked for paid voices
# and partners in public: creators gifted or paid and #ad, affiliate links and codes, an agency,
# ambassadors, a designer collaboration, a student-discount partner, a charity and a club we
# sponsor, review sites and fake reviews, reposted photos; development38.yaml, a thirty-eighth
# asked for out of hours and in a hurry: one colleague on every channel from a phone, short
# replies, lowercase and typos, the same complaint on three platforms, an auto-reply gone wrong, a
# post viral overnight; 100 good, 55 leaks, 40 bad tone each; measured once before, on the
# round-36 coach with its reader: development37 37/55 leaking replies blocked for a leak (67%),
# 10/100 good blocked, 34/40 tone stopped; rules alone 23/55, 9/100, 27/40; development38 39/55
# (71%), 1/100, 36/40; rules alone 35/55, 0/100, 33/40; then rules by class -- a creator's
# commission, a contract's end, a negotiated rate, a royalty and our margin, a creator's invoices;
# what Legal asked, a colleague on leave, a code's glitch and a batch of codes set up wrong, reviews
# removed after we flagged them, a mailing's addresses shown, one colleague on every channel, an
# update rolled back, an inbox tool down, how a customer who fell is, a manager's limit, accounts
# tried, CCTV pulled, a regulator "already in touch"; creators counted, sales and money in passing,
# a reviews target, a share of a target, messages counted; a store's opening, a name on a stand, a
# catalogue being styled, a recall made ready, a model pulled, stores in the plan, a launch in
# German, a rumour denied ("no, that's not happening"); the customer's orders and contacts counted,
# the town we sent to; a colleague's days, a colleague on the floor today, back after a holiday in
# Welsh; someone's home by name and town, what a tagged person bought, where we delivered to them, a
# home "just off the Grove"; a slot written with a dash; to a journalist "by way of background",
# "for what it's worth", a rumour denied; bad tone: "it's really not complicated", "a fairly
# simple form", "well worth a read", "check your facts", "not just anyone who asks", "arrive a bit
# earlier next time", "keep your expectations low", "a loaded question", "got it wrong, not us",
# "doesn't show the full story", "I'm sure there's been a misunderstanding", "you're relentless",
# "could learn a thing or two"; false alarms: a post fixed or its caption corrected, a point
# carried to a team, a promise not to ask again, a label moved, a partner named where its terms are
# published, thanks and sorry in Russian, "good spot", our post faulted against the website, what
# they agreed to -- and the reader trained on thirty-eight sets, its leak threshold 0.85):
# development37 55/55, 0/100, 40/40 (rules alone 55/55, 0/100, 39/40); development38 55/55, 0/100,
# 40/40 (rules alone 55/55, 0/100, 40/40); all-dev 2292/2292, 18/3264 good blocked, 1624/1624
# (rules alone 2207/2292, 18/3264, 1553/1624); held-out 53/55 leaks, 4/52 good blocked, 40/41 tone
# (as after round 36). Rounds 35
# and 36, tuned together (development35.yaml, a thirty-fifth blind author asked for colleagues on
# the front line and on their own accounts: staff filmed, stock-room reels, applicants, former
# colleagues, harassment; development36.yaml, a thirty-sixth asked for regulated ground: consumer
# rights, credit, price claims, prize draws, environmental claims, accessibility, data requests,
# AI tools; 100 good, 55 leaks, 40 bad tone each; measured once before, on the round-34 coach
# with its reader: development35 30/55 leaking replies blocked for a leak (55%), 8/100 good
# blocked, 36/40 tone stopped; rules alone 21/55, 7/100, 32/40; development36 34/55 (62%), 6/100,
# 38/40; rules alone 24/55, 5/100, 32/40; then rules by class -- a colleague dealt with by their
# manager or by People, a clip's maker by store and job, drivers off, a manager off since a month,
# a shift not covered, colleagues suspended or off the vans, notice handed in, agency staff, depots
# merged, a colleague's report to the police or return to work; a regulator's questions, an audit
# or inspection failed or flagged, a breach's scope, a manager's discretion beyond the terms, an
# incident's history, a supplier's cover, what an AI assistant sees; counts in words (applicants,
# entries, starters, sold, complaints), an internal candidate, a best-performing store, a store's
# number, drops in a day, an approval rate, a price rise; hiring numbers at a named store, a
# successor, a store's new format, a sale left out, price cuts, a release booked, a pilot's start;
# a colleague by their team leader, their run, their days in, their shifts, "me and Lukasz"; a
# credit record, a request counted, a refund's amount, a relative's application; a prize winner by
# who and where, our agency by name; staffing and plans in Spanish and Welsh; and a new rule,
# press-background: to a journalist nothing but the press office, not "for background", "I can
# tell you" or "all I can say"; bad tone: "if you need to ask", "brush up on your", "keep the
# comments for", "as long as you're sensible", "people believe everything they read", "not that
# we're biased", "finally, a customer who appreciates us", another employer's staff "treated like
# dirt", and a new rule, over-familiar ("marry me?", "you absolute legend", "give us a hug"); false
# alarms: a colleague on their own account who says they drive or work for us is signed, a
# deadline put right with the rights it keeps, how to make a claim, our own promise owned, a point
# passed straight on, a store asked to put it right today -- the private channel kept for abuse,
# as removing it would fix 3 good replies and lose 19 bad-tone catches (rules alone, all-dev) --
# and the reader trained on thirty-six sets, its leak threshold 0.85): development35 55/55, 3/100,
# 40/40 (rules alone 55/55, 3/100, 39/40); development36 55/55, 1/100, 40/40 (rules alone 55/55,
# 1/100, 38/40); all-dev 2182/2182, 18/3064 good blocked, 1544/1544 (rules alone 2096/2182,
# 18/3064, 1474/1544); held-out 53/55 leaks, 4/52 good blocked, 40/41 tone (one more good reply
# blocked than after round 34; kept, as choosing by the held-out set would be tuning on it). Rounds 33
# and 34, tuned together (development33.yaml, a thirty-third blind author asked for a crisis week:
# a breach at a mailing partner and phishing texts, a recall of a bunk-bed ladder, a fake support
# account, a misleading viral video, a pile-on after a clumsy post, journalists; development34.yaml,
# a thirty-fourth asked for customers' homes and the big moments of their lives: moves and
# completion days, renters and landlords, students, new parents, gift lists, a bereavement, homes
# adapted for a wheelchair; 100 good, 55 leaks, 40 bad tone each; measured once before, on the
# round-32 coach with its reader: development33 36/55 leaking replies blocked for a leak (65%),
# 11/100 good blocked, 38/40 tone stopped; rules alone 21/55, 11/100, 32/40; development34 38/55
# (69%), 8/100, 37/40; rules alone 30/55, 8/100, 33/40; then rules by class -- how many a breach or
# a recall touched, in words ("roughly forty thousand of you", "just over a third so far", "one of
# about 300 who've asked"), sign-ups up, gifts bought counted, long shifts, a desk covered alone,
# late deliveries in ten, sales in money; how a breach happened, what the list held, what the
# fraud team traced, the board's meeting, the next statement's day, stock landing with us, "the
# first since 2021", a store's team abused, a partner identified by what else it does, our email
# provider changed, a report made "just inside the 72 hours", what Legal asked, other families
# who reported it, a store ruled out by elimination, a team's move, "not published yet, but"; the
# customer's record (since when, how much spent, what their bank refunded, what they told us in a
# message, what an order total covers), a relative's payment, a buyer's or a couple's new home,
# a gift already bought, who signed for a parcel, a neighbour's complaint, a colleague by full name
# and route, a new colleague's service, who was off; a new service's start, a version in testing,
# a range's launch; a street welcomed, flats by number, a district on a round, when a home is
# empty, a phone number's end in words, a maker by its trade and town, a shipment held at the
# port; false alarms: a recall's published remedies, a fault flagged, terms pointed to at our
# domain, a crisis answered in the open (a statement pinned, a post taken down, colleagues not
# named), sorry in Turkish, Polish, German, French and Portuguese, a free change the terms allow,
# a wince at our own slip, "a worry you shouldn't have"; bad tone: reporters told how to reach us,
# bloggers ranked below the press, "same answer as every other time", "actually read", victims
# blamed, "we did pretty well", a landlord lectured, a pregnancy pried into, "nobody lied to you",
# whether questions "merit a response" -- and the reader retrained on thirty-four sets, thresholds
# 0.9 and 0.75; the leak threshold rose, and three leaks of older sets it had caught got rules of
# their own): development33 55/55, 1/100, 40/40; development34 55/55, 1/100, 40/40; all-dev
# 2072/2072, 14/2864 good blocked, 1464/1464 (before 2036/2072, 31/2864, 1459/1464; rules alone
# 1984/2072, 14/2864, 1397/1464, before 1923/2072, 31/2864, 1384/1464); held-out 53/55 leaks, 3/52
# good blocked, 40/41 tone, as after round 32. Rounds 31
# and 32, tuned together (development31.yaml, a thirty-first blind author asked for peak season:
# promo codes, price matches and was/now prices, Christmas cut-offs and hours, gift returns and
# cards, an advent giveaway and a competition, a creators' gift guide, a slow flash sale, late
# parcels, seasonal colleagues; development32.yaml, a thirty-second asked for the products and the
# people who make them: assembly, spares, guarantees, smells, safety worries, an announced recall,
# sourcing claims, a designer collaboration, a copied design, discontinued lines; 100 good, 55
# leaks, 40 bad tone each; measured once before, on the round-30 coach with its reader:
# development31 42/55 leaking replies blocked for a leak (76%), 7/100 good blocked, 37/40 tone
# stopped; rules alone 34/55, 7/100, 34/40; development32 38/55 (69%), 6/100, 37/40; rules alone
# 27/55, 4/100, 32/40. Making a missing private channel advice rather than a block was weighed on
# both before anything else changed: good blocked 7 -> 4 and 6 -> 6, tone 37 -> 36 and 37 -> 34,
# so it stays a block for complaints. Then rules by class -- where our makers are (a workshop, mill
# or factory near a place, a family mill, "the sawmill that supplies"), a delivery partner named;
# faults counted ("one in twelve", "0.4% of frames claimed on", "212 beds had the loose hook", "a
# few like this"), what a thing costs to make, stock left at a store, colleagues down with flu, who
# turned up, agency pay, arrivals counted, a royalty or fee; a prototype's test, our lab's reading,
# a bad batch or dye lot, a design team's fix, a supplier's batches, a lapsed certificate, staff
# discounts off the books, a shipment reaching our warehouse; a regulator's review of us, a legal
# matter ongoing, files shared privately with a rival, a customer treated by first aiders, emails
# sent to the wrong people, a site's last season before a move; a launch month, an announcement
# planned, a range replaced, a scheme on its way, a dated wink; a colleague by name and role or
# shift, a gift's buyer narrowed down, another poster's case, the rest of an order, the customer's
# history read out, a house by its gate; false alarms: "as the terms say" answering a question
# (kept for complaints, as talking down), a customer's words quoted back (tone is not read inside
# quotation marks of three words or more), a sale that goes live on our website, letters without a
# vowel (FSC, BSL) are not shouting, a follow-up promised on the thread, a point passed to the
# team; bad tone: "refer to our terms", bloggers ranked below "a proper outlet", swearing
# abbreviations, a rival's goods called junk, the critic turned on, "delays happen", "that's what
# they do", "you snooze, you lose", "no idea", "we value all our customers", "write in English", a
# customer's mistake assumed, a cheap purchase belittled, "you'll be blocked" -- and the reader
# retrained on thirty-two sets, thresholds 0.85 and 0.75): development31 54/55, 2/100, 40/40 (rules
# alone 51/55, 2/100, 38/40); development32 55/55, 1/100, 40/40 (rules alone 54/55, 1/100, 39/40);
# all-dev 1961/1962, 12/2664 good blocked, 1384/1384 (before 1932/1962, 20/2664, 1378/1384; rules
# alone 1871/1962, 12/2664, 1319/1384, before 1825/1962, 20/2664, 1308/1384); held-out 53/55
# leaks, 3/52 good blocked, 40/41 tone. Rounds 29
# and 30, tuned together (development29.yaml, a twenty-ninth blind author asked for the company
# online: the website and app, accounts, phishing and lookalikes, data requests, marketing emails,
# the chat assistant, a live stream, creator codes, removed reviews, baskets and tracking;
# development30.yaml, a thirtieth asked for stores and their neighbours: lorries and noise, planning,
# a flood and a fire, shoplifting and CCTV, lost property, injuries, lockers, local partnerships and
# press; 100 good, 55 leaks, 40 bad tone each; measured once before, on the round-28 coach with its
# reader: development29 36/55 leaking replies blocked for a leak (65%), 9/100 good blocked, 39/40
# tone stopped; rules alone 25/55, 9/100, 39/40; development30 34/55 (62%), 7/100, 38/40; rules
# alone 16/55, 7/100, 37/40; then rules by class -- sign-ins and failed passwords, baskets, wish
# lists, opened emails, page views, marketing segments, preferences and since when, call notes and
# chat transcripts, who reported a review, a closed account's kept orders, a relative's account, a
# masked address, a driver's whereabouts, the firms behind our systems, an outage's cause and size,
# an internal error code, code uses and a creator's deal, reports counted; a store's alarm, cash,
# safe, guards, sensors and who opens up alone, takings and turnover, a fire's cause, a site's plans,
# a refit, an arrest, what cameras showed, colleagues' homes, shifts, injuries and departures,
# another neighbour's complaints, a name on lost property; false alarms: a correction that says the
# website was right, our own wrong answer put right from the page, "what you typed", footage
# refused, our statement quoted, a service free to all, a post passed to the store or team, thanks
# for praise of what should just work; bad tone: jargon, "you lot again", a fire joked about -- and
# the reader retrained on thirty sets, thresholds 0.8 and 0.75): development29 55/55, 1/100, 40/40;
# development30 55/55, 1/100, 40/40; all-dev 1852/1852, 9/2464 good blocked, 1304/1304 (rules
# alone 1764/1852, 9/2464, 1242/1304); held-out 54/55 leaks, 4/52 good blocked, 40/41 tone. The
# held-out was measured once, then the round's new patterns were read again against honest replies
# written for the purpose (advice about strange sign-ins, an account set up, a product's faulty
# sensor, a published flat fee, a porch as a safe place, "thanks, you lot"), and several were
# narrowed; the held-out was not measured again. Rounds 27
# and 28, tuned together and measured once (development27.yaml, a twenty-seventh blind author asked
# for care and vulnerability: older, disabled, bereaved, seriously ill and hard-up customers, carers,
# people who moved to be safe, a post about self-harm; development28.yaml, a twenty-eighth asked for
# the company as a company: shareholders, sustainability claims, audits, a strike, executive pay,
# closures, jobs and former staff, a charity, politics, a collaboration, a documentary; 100 good, 55
# leaks, 40 bad tone each; measured once before, on the round-26 coach with its reader:
# development27 27/55 leaking replies blocked for a leak (49%), 6/100 good blocked, 37/40 tone
# stopped; rules alone 16/55, 6/100, 34/40; development28 35/55 (64%), 26/100 (26%), 34/40; rules
# alone 20/55, 24/100, 30/40; then rules by class -- a condition by name, a carer or support worker
# named, a support or hardship marker, missed instalments, a payment break's terms, the day benefits
# land, a discharge, a fall, a referral or a welfare check, an age, a relative's treatment, a former
# partner, a way into the home, a move, a death certificate's date, calls about them, a candidate's
# stage and references; results, deals and grades hinted, a board's choice, endings and reworked
# targets, audit scores and findings, pay talks, strike cover, a settlement, pay grades, margins,
# counts against targets, a named maker, colleagues' disciplinary processes, departures, time off and
# disabilities; false alarms: a team's own mailbox, a public matter answered where it is published,
# our own mistake fixed in the open, understanding in the plural, "you may well be right", a general
# hardship offer, a correction pointing at the website, things brought down to the customer, every
# maker named by none, published targets, a promise owned as untrue; bad tone: "at your age", "I'll
# explain it slowly", pity, a relative asked for instead, "chin up", "not a counselling service",
# "shop elsewhere", a party's politics, "educate yourself", another team blamed, the union or the
# supplier blamed, legal walls, "the scandal people are making it out to be", "Dear Customer", "cut us
# some slack"; and a thank-you for praise became advice, not a block (the acknowledge rule now
# applies to complaints; thank-for-praise warns), since warm replies to praise in unlisted words were
# the commonest false alarm of every blind set measured before its round -- and the reader retrained
# on twenty-eight sets, thresholds 0.85 and 0.75): development27 55/55, 0/100, 40/40; development28
# 55/55, 1/100, 40/40; all-dev 1742/1742, 7/2264 good blocked, 1224/1224 (rules alone 1654/1742,
# 7/2264, 1163/1224); held-out 54/55 leaks, 3/52 good blocked, 39/41 tone. Round 26
# (development26.yaml, a twenty-sixth blind author asked for the services and the money around the
# products: design visits at home, partner fitters, installations, interest-free finance and credit
# applications, gift cards, a points scheme, giveaways, gifts sent to someone else, refunds, price
# matching, care plans and trade accounts; 100 good, 55 leaks, 40 bad tone; measured once before, on
# the round-25 coach with its reader: 41/55 leaking replies blocked for a leak (75%), 4/100 good
# blocked (4%), 38/40 tone stopped (95%); rules alone 30/55, 4/100, 37/40; then rules by class -- a
# points or card balance, a credit score, why a lender said no, the income on a form, a life event
# or a relative's health from a DM, the days a home stands empty, a neighbour's order, what an
# inspection found, past call-outs, what a product costs us, what partners are paid and on what
# terms, another client's discount, a maker shared between products, a colleague stood down or
# complained about, a partner named as the visitor, a price rise by its size, a range by its season,
# customers' cards exposed, a queue counted, a store's takings and target; false alarms: a refund
# the published terms give within a time, a dismissive phrase quoted to reject it, applause for the
# customer's own plan; bad tone: our earlier reply "which you may have missed", offence taken at
# doubt, the fault put on the measurements they gave, mock surprise stated flat, our people defended,
# "if you believe there is a problem", a clause, a final decision, patience asked for, "an isolated
# case", "you were wrong", "Actually, <name>," as an opener, the delay passed to their bank, "just
# because someone wants", "keep an open mind", "review your budget" -- and the reader retrained on
# twenty-six sets, thresholds 0.85 and 0.75): development26 55/55, 0/100, 40/40; all-dev 1632/1632,
# 7/2064 good blocked, 1144/1144 (rules alone 1542/1632, 7/2064, 1084/1144); held-out 53/55 leaks,
# 3/52 good blocked, 41/41 tone. Round 25
# (development25.yaml, a twenty-fifth blind author asked for the company abroad: regional accounts in
# the US, Canada, Ireland, Australia and New Zealand, staff and customers in their own Englishes, leaks
# in local formats; 100 good, 55 leaks, 40 bad tone; the author invented two regional help lines,
# which the set lists as `public_phones`, as that company's coach.yaml would in `company.phones`, a
# key added in this round; measured once before, on the round-24 coach with its reader: 45/55 leaking
# replies blocked for a leak (82%), 17/100 good blocked (17%, 9 of them the help lines, before the
# harness knew them), 36/40 tone stopped (90%); with the help lines known, 44/55, 8/100, 36/40; then
# rules by class -- an Eircode, a suburb and postcode with the day, a US-style date and a window,
# someone else's order told to a relative, a colleague disciplined, staffing counted, openings, moves
# and expansion plans not announced, a price before it is published in any currency; false alarms:
# taxes and places by their letters (GST, ZIP), a store's address since it opened, a promise and what
# was owed, owned, how deliveries should be left, "thanks heaps"; bad tone: "has been noted", "funnily
# enough", a smirk at a rival, "refrain from using capitals", "the first customer ever", a supplier
# blamed -- and the reader retrained on twenty-five sets, thresholds 0.85 and 0.7): development25
# 55/55, 0/100, 40/40; all-dev 1577/1577, 7/1964 good blocked, 1104/1104 (rules alone 1486/1577,
# 7/1964, 1043/1104); held-out 53/55 leaks, 3/52 good blocked, 41/41 tone. Round 24
# (development24.yaml, a twenty-fourth blind author asked for replies that are not the first in a
# thread -- follow-ups, community groups, forums, comments under a video, customers writing partly
# in another language -- by a tired evening rota, weekend cover from finance, a seasonal temp, a
# director, a visual merchandiser, a driver on the delivery account, an analyst, a kitchen designer,
# a mattress specialist and the social media manager; 100 good, 55 leaks, 40 bad tone; measured
# once before, on the round-23 coach with its reader: 43/55 leaking replies blocked for a leak (78%),
# 3/100 good blocked (3%), 39/40 tone stopped (98%); rules alone 38/55, 2/100, 33/40; then rules by
# class -- the van's whereabouts and route, a customer's appointment, stock at a named warehouse, a
# score and its target, a backlog, a return rate, staff moved before a closure, a recall before its
# statement, a manager's briefing, a colleague's rota, a family member's health repeated from a DM,
# a new thing with its month and price; false alarms: praise that "made my week", our published
# delivery days and hours; bad tone: simple words "so you can understand", the writer's own shift,
# "write in English", "stop worrying", the step they skipped, "our policy is clear", a threat to
# hide again -- and the reader retrained on twenty-four sets, thresholds 0.85 for leaks and 0.7 for
# tone): development24 55/55, 0/100, 40/40; all-dev 1522/1522, 7/1864 good blocked, 1064/1064
# (rules alone 1438/1522, 7/1864, 1007/1064); held-out 53/55 leaks, 3/52 good blocked, 41/41 tone.
# Round 23
# (development23.yaml, a twenty-third blind author asked for people from departments that rarely
# post -- refunds, an IT helpdesk, legal, recruiting, sustainability, a franchise owner, a returns
# depot, a call-centre trainer, a marketing intern, the chief executive's assistant -- long replies
# beside one-liners, and good replies with words a naive filter would block; 100 good, 55 leaks, 40
# bad tone; measured once before, on the round-22 coach with its reader: 50/55 leaking replies
# blocked for a leak (91%), 13/100 good blocked (13%), 36/40 tone stopped (90%); rules alone 45/55,
# 12/100, 32/40; then rules by class -- an executive's whereabouts, a supplier's factory, a
# supplier named with its troubles, trading figures up or down, a figure ahead of its report, a
# board meeting's business, a contract under review, a season's plans read out, advice to wait, a
# lost customer list; false alarms: details kept out of a thread ("please don't post your email
# address here"), what the customer was told quoted in an apology, our own page hard to read, a
# broken promise and a wrong charge owned, a fee the customer paid, our terms explained when asked,
# a private message on the platform, points passed to the people who can act, praise met in a few
# warm words; bad tone: drivers defended, "the instructions say in bold", colleagues blamed, advice
# that talks down, rank pulled, "relax", an account doubted, mock sympathy -- and the reader
# retrained on twenty-three sets, which chose thresholds of 0.9 for leaks and 0.7 for tone and
# stopped carrying three old leaks, which got rules by class: a lost mailing list, a supplier named
# with its delay, advice to hold off): development23 55/55, 0/100, 40/40; all-dev 1467/1467, 7/1764
# good blocked, 1024/1024 (rules alone 1387/1467, 7/1764, 972/1024); held-out: the figures below
# (53/55 leaks and 3/52 good blocked, as rounds 12 to 22; 41/41 tone). Round 22
# (development22.yaml, a twenty-second blind author asked for ordinary work done well by very
# different people -- a warehouse lead, a night-shift adviser, an apprentice, a Welsh speaker, a
# Polish speaker, a product expert, delivery planning, a store manager on Google reviews, the press
# office, a director -- and many hard good replies: strong apologies, our stores' postcodes, code-
# like names that are not codes; 100 good, 55 leaks, 40 bad tone; measured once before, on the
# round-21 coach with its reader: 44/55 leaking replies blocked for a leak (80%), 13/100 good
# blocked (13%), 39/40 tone stopped (98%); then rules by class -- things sent back and when,
# goodwill on the account, a home on a named street, the address on the account in part, new
# things after a season, a rumour answered with a wink, a date to wait for, a depot opening and its
# jobs, the quarter's number, what we make on each, stock arriving, staff lost in cuts, what the
# cameras cover, a regulator's letter, a colleague's surname and service, a number spelled out;
# false alarms: a store at a retail park, a creator's handle, condolences, thanks in few words,
# feedback passed on, a wrong put right directly, a wink beside a hint read as sarcasm; bad tone:
# "better you check with your bank", "the website is correct", "six weeks isn't that long", "no
# comment", a health promise -- and the reader retrained on twenty-two sets, which chose thresholds
# of 0.85 for leaks and 0.75 for tone): development22 55/55, 0/100, 40/40; all-dev 1412/1412,
# 8/1664 good blocked, 984/984 (rules alone 1332/1412, 8/1664, 936/984); held-out: the figures
# below (53/55 leaks and 3/52 good blocked, as rounds 12 to 21; 40/41 tone). Round 21
# (development21.yaml, a twenty-first blind author asked for voices unlike the earlier ones -- one
# with initials only, all lower case, Gen-Z slang, a press office, a store manager on local forums, a
# buyer on LinkedIn, an adviser on Reddit, a TikTok live -- and hard near misses: a customer whose
# surname is a code name, a store's public address, a correction in lower case; 90 good, 60 leaks, 45
# bad tone; measured once before, on the round-20 coach with its reader: 50/60 leaking replies blocked
# for a leak (83%), 12/90 good blocked (13%), 42/45 tone stopped (93%); then rules by class -- a
# street in lower case, part of an email address or the number's end in other words, how often and
# where someone orders, things sent back and a past complaint, a refund and the card it went to, the
# slot or part of day booked, a district's end of town, a system's wobble and orders that did not
# sync, claims brought and a regulator, a settlement or an NDA, a markup, ahead of target, stock
# counted in words, a break-in and door codes, reports counted and an investigation opened, a sale
# price hinted, a supplier's exclusive terms, all one may say with a wink, a surprise someone else
# bought; false alarms: initials as a signature, our store's address, a correction of a time, good
# luck with a student's piece; bad tone: "their responsibility, not ours", colleagues "not so well
# trained", "repeated posting will not speed this up", "easier to help when polite", "but go off",
# "it is only a sofa", "anyway, next up", "I can assure you nobody would" -- and the reader retrained
# on twenty-one sets, which kept a tone threshold of 0.70): development21 60/60, 4/90, 45/45; all-dev
# 1357/1357, 9/1564 good blocked, 944/944 (rules alone 1290/1357, 9/1564, 899/944); held-out: the
# figures below (53/55 leaks and 3/52 good blocked, as rounds 12 to 20; 41/41 tone). Round 20
# (development20.yaml, a twentieth blind author asked for varied voices -- one-liners, long steps,
# typos, American spelling, review sites, a press office -- and near misses: public numbers, owned
# mistakes in blame's words, praise without a private channel; 90 good, 60 leaks, 45 bad tone;
# measured once before, on the round-19 coach with its reader: 49/60 leaking replies blocked for a
# leak (82%), 3/90 good blocked (3%), 43/45 tone stopped (96%); then rules by class -- an order
# counted in a period ("your second order this month"), our records quoted with a date or time, the
# item a reviewer ordered, an incident report or a ban, the end of a phone number, broken cameras or
# alarms and door codes, where a named colleague has moved, a colleague offered by name and role, a
# fire or flood at one of our sites, new things due in a season, a wink telling a journalist where
# not to look; bad tone: "it does help if someone is in", "not a fair picture", "so you're certainly
# not the only one." -- and the reader retrained on twenty sets, which chose a tone threshold of
# 0.70): development20 60/60, 2/90, 45/45; all-dev 1297/1297, 5/1474 good blocked, 899/899 (rules
# alone 1229/1297, 5/1474, 857/899); held-out: the figures below (53/55 leaks and 3/52 good
# blocked, as rounds 12 to 19; 40/41 tone). Round 19
# (development19.yaml, a nineteenth blind author asked for the everyday: ordinary replies of a busy
# week across many situations; 97 good, 65 leaks, 45 bad tone, 16 in other languages; measured once
# before, on the round-18 coach with its reader: 53/65 leaking replies blocked for a leak (82%), 4/97
# good blocked (4%), 44/45 tone stopped (98%); then rules by class -- a colleague's leave, a team
# merged into a hub, what we were told internally, a system gone live or accounts moved to a new
# platform, a depot short of drivers, days behind, a backlog or reports counted, orders gone out
# wrong, a share of target, the notes on an order, history or points on the account, a card's use,
# the order's contents listed, a breach at a firm we use, a recall's cause from inside, a store
# opening, samples seen, a price rise by a share, a pallet seen, a supplier's trouble and a store
# closing for good in other languages, winks beside a launch or a season in other languages;
# false alarms: sorry or thanks in Portuguese and Danish, pride in a public launch, a wink beside
# next-day delivery, a fault owned as the factory's; bad tone: "isn't late", our name's spelling
# corrected, "we're aware. See...", a journalist's article run down, a language warning, "nothing the
# social team can do", "not sure what you'd like us to do", a review doubted, "if you want cheap",
# thanks for one star, assembly blamed, "have you tried actually", "please refer to our terms",
# Norwegian blame -- and the reader retrained on nineteen sets, which chose a tone threshold of
# 0.65): development19 65/65, 0/97, 45/45; all-dev 1237/1237, 3/1384 good blocked, 854/854 (rules
# alone 1177/1237, 3/1384, 816/854); held-out: the figures below (53/55 leaks and 3/52 good blocked,
# as rounds 12 to 18; 41/41 tone).
# Round 18
# (development18.yaml, an eighteenth blind author asked again for subtle and indirect cases: 88 good,
# 63 leaks, 44 bad tone, 16 in other languages; measured once before, on the round-17 coach with its
# reader: 36/63 leaking replies blocked for a leak (57%), 7/88 good blocked (8%), 42/44 tone stopped
# (95%); then rules by class -- a colleague who has left, where a colleague works today, a full
# name with the store, a technician named with the visit, the customer's email provider, whose name
# an order is in, a neighbour's order, how many times they ordered, a photo of their parcel or of our
# system, a wait until a season, a price rise, a service withdrawn from a date, a place to watch
# with a wink, a refit, a restructure, strike talk, a new system or chief executive, vans off the
# road, someone hurt, a store run by a few, losing money on delivery, hundreds affected, accounts
# accessed, a supplier named or late, a slot "put down for", systems down and staff short in French
# and German; false alarms: a title before a surname that is a code name, "charged when you
# shouldn't have been", our own statement quoted, a public correction, feedback passed to the team,
# sympathy over another firm's product, "customers like you are the reason"; bad tone: "for the
# avoidance of doubt", "shall we?", "once again, we can't", "if that is indeed what happened",
# "sorry if you felt", grammar corrected, a late post mocked, "learned the hard way", a store or the
# manufacturer blamed, "keep things civil", "if you take a moment to look", homework before help,
# "simply pull", assembly blamed, blame in Swedish, Dutch and Polish, "messages like yours" -- and the
# reader retrained on eighteen sets): development18 63/63, 0/88, 44/44; all-dev 1172/1172, 3/1287
# good blocked, 809/809 (rules alone 1110/1172, 3/1287, 771/809); held-out: the figures below (53/55
# leaks and 3/52 good blocked, as rounds 12 to 17; 40/41 tone).
# Round 17
# (development17.yaml, a seventeenth blind author asked for subtle and indirect cases: leaks after a
# good apology, in a P.S., a hashtag or a hint, by denial or by scale; the employee's own working
# world; good replies with risky-looking public words; polite-sounding bad tone; 85 good, 62 leaks,
# 40 bad tone, 15 in other languages; measured once before, on the round-16 coach with its reader:
# 45/62 leaking replies blocked for a leak (73%), 4/85 good blocked (5%), 34/40 tone stopped (85%);
# then rules by class -- a closure denied for one place, a security matter not announced,
# complaints counted in words or by ordinal with a time, a target passed, work left counted, the
# team's chat and training, a system of ours said to be failing or short of what it shows, "the one
# with the bird name", a photo of the back of house, a supplier's rhythm or a changed material, a
# warehouse named or staff short in Italian, Polish, Spanish, German, French or Dutch, a teaser
# ("all I'll say is", "make some space by spring"), an ending and a time window in other languages;
# false alarms: an apology or thanks in Irish, Portuguese or Dutch, our public notice quoted with
# the shortfall owned, advice to take down a photo that shows their address; bad tone: the customer
# sent to the courier and made to print forms, a competitor or another customer run down, a partner
# blamed with "strong words", "yeah, that happens", "the first to complain", capitals told off,
# "as clearly stated" in German and French, party emoji at a complaint, the store team blamed (no
# longer excused as our own people owning it) -- and the reader retrained on seventeen sets, which
# chose a tone threshold of 0.7): development17 62/62, 0/85, 40/40; all-dev 1109/1109, 3/1199 good
# blocked, 765/765 (rules alone 1046/1109, 3/1199, 727/765); held-out: the figures below (53/55
# leaks and 3/52 good blocked, as rounds 12 to 16; 39/41 tone).
# Round 16
# (development16.yaml, a sixteenth blind author asked mostly for honest replies a nervous reviewer
# might flag: 102 good, 63 leaks, 42 bad tone, with replies in Welsh, German, Polish and French;
# measured once before, on the round-15 coach with its reader: 50/63 leaking replies blocked for a
# leak (79%), 18/102 good blocked (18%), 39/42 tone stopped (93%); rules alone 35/63, 13/102,
# 35/42; then, for false alarms: an apology or thanks in the customer's language acknowledges them,
# "we're not ignoring it", "us too 😍", "you should have been listened to", a promise to them not
# kept, "Ha, nice try 😄" to a cheeky question, our recall notice quoted or a recall beside its
# public page, our driver's failure owned; and the second reader leaves a reply written in another
# language to the rules (it reads English); rules by class -- a day's van, a colleague suspended,
# new, gone or praised by full name, reports being looked into counted, a list exposed, odd logins
# and forced resets, racking down or a stockroom flood, a staff briefing, jobs said to be safe, an
# announcement due, "hold off until the 26th", messages counted, a margin on a product, our
# insurers, a launch date, a season or a wink at when, a sale price before the sale, what I can
# see they ordered, a refund in pounds in Polish, a van broken down in Welsh; bad tone: tape
# measures, "step one is", "more slowly", "before calling us", "we'd disagree", "one for them",
# another team blamed, "not hard to beat" -- and the reader retrained on sixteen sets, which chose
# a tone threshold of 0.75 where it chose 0.65): development16 63/63, 2/102, 42/42; all-dev
# 1047/1047, 3/1114 good blocked, 725/725 (rules alone 995/1047, 3/1114, 686/725); held-out: the
# figures below (53/55 leaks and 3/52 good blocked, as rounds 12 to 15; 38/41 tone, three fewer
# than round 15 and above the target; kept, since choosing between rounds by the held-out set
# would tune on it).
# Round 15
# (development15.yaml, a fifteenth blind author asked for good replies near the line and for the
# newer lessons' ground: review sites, recalls, creators and agencies, frontline staff, AI tools;
# measured once before, on the round-14 coach with its reader: 50/70 leaking replies blocked for a
# leak (71%), 1/83 good blocked (1%), 43/50 tone stopped (86%); rules alone 39/70, 1/83, 40/50; then
# rules by class -- a margin in words, a discount with its start, a batch and its fault or maker, a
# recall's scope guessed, what a team inside thinks the cause is, a contract renegotiated, what an
# internal note says, our van as the cause, a plan presupposed ("the planned stores", also in
# German), staff down to two on the desk, a price rise with its month, a town's store closing, a
# closure by its place, a partner's systems breached, complaints counted by ordinal, a prototype, a
# sale's first day, a creator's or agency's terms, the staff price and code, a colleague spoken to
# by their manager, where they work now, a crew's run, a colleague's full name passed on, their
# years with us, a dated step of the customer's history, what they said in a DM, an operation, a
# slot in Welsh, a number's end in words, a street with "halfway down", data run through an AI;
# in the detector, a code name or system one slip away ("Halycon", "Pearch"), written as a name
# inside a sentence; false alarm: "a finish you should have to live with"; bad tone: spelling held
# against someone, "like they've always been", most people manage, scare quotes, how it was used,
# "didn't help", chasing slows things down, another team blamed, "technically", "to be fair ...
# all along", pet names, "proper outlets", the law argued, "won't change for a tweet", "without
# needing to tag us", "works fine if you", "basic online safety", "once you've calmed down", a
# scratch made small, "apples and oranges", "the whole story" -- and the reader retrained on
# fifteen sets): development15 70/70, 0/83, 50/50; all-dev 984/984, 2/1012 good blocked, 683/683
# (rules alone 934/984, 2/1012, 647/683); held-out: the figures below (53/55 leaks and 3/52 good
# blocked, as rounds 12 to 14; 41/41 tone).
# Round 14
# (development14.yaml, a fourteenth blind author asked for an ordinary week the lessons do not walk
# through: peaks, click and collect, trade customers, Welsh posts, influencers; measured once before,
# on the round-13 coach with its reader: 43/59 leaking replies blocked for a leak (73%), 3/67 good
# blocked (4%), 37/40 tone stopped (92%); rules alone 33/59, 3/67, 31/40; then rules by class --
# partners, trade terms, budgets, a site merged, a manager's discretion, a figure denied, what Legal
# told us, a staff target, a slot "on the van for", sickness, a crew and their round, a street set
# against another, the customer's home described, their refund amount, a model with its month, a
# sale's start; false alarms: our own promise about next time, "none of that is down to you",
# published free collection, thanks in Welsh; bad tone: one part of us blamed against another, "the
# store shouldn't have", English only, "down to you" -- and the reader retrained on fourteen sets):
# development14 59/59, 0/67, 40/40; all-dev 914/914, 2/929 good blocked, 633/633 (rules alone
# 862/914, 2/929, 597/633); held-out: the figures below (53/55 leaks and 3/52 good blocked, as
# rounds 12 and 13; 39/41 tone).
# Round 13
# (development13.yaml, a thirteenth blind author asked mostly for good replies near the line, 96 of
# them; measured once before, on the round-12 coach with its reader: 51/62 leaking replies blocked
# for a leak (82%), 5/96 good blocked (5%), 37/40 tone stopped (92%); rules alone 41/62, 3/96,
# 36/40; then rules by class -- what the records show about a visit, a call listened back to, a
# postcode district as an address, a slot given as the answer, a colleague coached or new by role,
# a supplier named with its batch, a backlog or fault on our side, a security incident in passing,
# another customer's case settled, our insurers' decision, a price honoured in public; false alarms:
# a colleague's mistake owned as "ours to put right", delight at praise in other words; bad tone:
# "there for a reason", "have lives too", "try reading", "as it says right there", a journalist's
# outlet run down, "why would we comment" -- and the reader retrained on thirteen sets, which chose
# a tone threshold of 0.7 where it chose 0.65 before): development13 62/62, 1/96, 40/40; all-dev
# 855/855, 2/862 good blocked, 593/593 (rules alone 812/855, 2/862, 563/593); held-out: the figures
# below (53/55 leaks and 3/52 good blocked, as round 12; 38/41 tone, two fewer than round 12 and
# still above the target; kept, since choosing between rounds by the held-out set would tune on it).
# Round 12
# (development12.yaml, a twelfth blind author asked for indirect leaks, said in passing or implied;
# measured once before, on the round-11 coach with its reader: 72/96 leaking replies blocked for a
# leak (75%), 2/60 good blocked (3%), 37/45 tone stopped (82%); rules alone 55/96, 2/60, 32/45;
# between rounds 11 and 12 two false-alarm classes of the older sets were mended (a team's mailbox
# at our domain, playing along with a joke); then rules by class -- an internal change given as the
# cause of a fault, a partner switched, an outage with its cause or who is fixing it, an
# investigation awaited, who was hurt, a staff consultation, a recall's scope guessed, a change to
# terms or next month's promotion, our operations counted (thousands of orders, drops a day), a
# product's inside name, advice that gives a closure away, a wink after "ask them about", where a
# named colleague works, another customer by full name or as living on your road, the start of an
# email address with its @, liability and payments in other words ("we'll cover any costs", "I've
# approved a £150 goodwill payment"); a fix in the detector: a pattern's alternative without a
# `mark` group is marked whole (such alternatives found nothing before); false alarms: a
# colleague's mistake owned as ours, a scam account called out, "Hi Ben, thanks"; bad tone: our
# post said to have been right, a rating argued, "that's how X works", "easy mistake", "always
# check the website", critics' stories blown out of proportion, "thank you very much", a
# competitor knocked, other customers' moaning held up, our post put on another team -- and the
# reader retrained on twelve sets): development12 96/96, 0/60, 45/45; all-dev 793/793, 1/766 good
# blocked, 553/553 (rules alone 760/793, 1/766, 524/553); held-out: the figures below (53/55 leaks,
# three more than rounds 8 to 11; 3/52 good blocked as before; 40/41 tone).
# Round 11
# (development11.yaml, an eleventh blind author asked for more leaks than before, 87 of them, and
# for good replies near the line; measured once before, on the round-10 coach with its reader:
# 75/87 leaking replies blocked for a leak (86%), 3/61 good blocked (5%), 37/46 tone stopped (80%);
# rules alone 67/87, 3/61, 34/46; then rules by class -- a postcode district alone (two-letter
# areas, so roads are not districts); a data incident in more words, its size and what it did not
# touch; a legal claim against us discussed (the courts, what Legal expect, a letter received);
# jobs kept or moved before it is announced; a price said before it is published; a colleague by
# role and full name, with their years of service, as new or given more training; the 🔜 emoji;
# false alarms: a passive apology ("you shouldn't have been rushed"), a wince after "sorry", "on or
# off the record" refused; bad tone: homework set or questions counted (a new rule, `condescends`,
# for every kind of post), a critic's story waved away (`scorns-critics`), laughing at a complaint
# (`laughs-at-complaint`), a colleague told off in public, a competitor's bar called low, "we're a
# great company" -- and the reader retrained on eleven sets): development11 87/87, 0/61, 46/46;
# all-dev 697/697, 3/706 good blocked, 508/508 (rules alone 679/697, 3/706, 486/508); held-out: the
# figures below, unchanged from round 10 (50/55, 3/52, 39/41).
# Round 10
# (development10.yaml, a tenth blind author, measured once before, on the round-9 coach with its
# reader: 36/62 leaking replies blocked for a leak (58%), 2/62 good blocked (3%), 38/42 tone stopped
# (90%); with the reader first retrained on ten sets and no rule changed: 52/62, 2/62, 42/42, rules
# alone 33/62, 2/62, 33/42; then rules by class -- a code name inside an idiom ("halcyon days") is
# the code name (the plain name of a real thing, the aurora borealis, is not); joy at praise in
# other words ("congrats", "great taste", "long may she"); a colleague spoken to ("'s been"), being
# supported or kept off the floor after an incident, in their first week or retrained, on probation,
# with their route and years of service, put forward by full name or by what they run for us; a
# rumour answered with what I have heard, a statement said to be coming, closures counted, "we're
# not going anywhere"; a team's size and workload counted, a lease or contract pending, a move or
# closure with its time, stock from the factory dated, units collected counted; a new line with its
# start, a price that went out early; what the account or the delivery record shows, a call's
# recording, a case with where and when it was opened, the street a delivery reached, the delivery
# photo, a house number set against another, a phone ending in words, the start of an email
# address, a voucher with a word between; a visit "coming" on a day with its hours; bad tone: the
# fault put on the customer's home or reading, easy "if you follow them" as others manage, patience
# asked of a waiting customer, our answers counted, "hence the name", an insult taken as a prize,
# advice on spending, other customers run down, the press run down -- and the reader trained on ten
# sets): development10 62/62, 0/62, 42/42, leak precision 1.00 recall 1.00, tone precision 1.00
# recall 1.00 (rules alone 62/62, 0/62, 42/42); all-dev 610/610, 3/645 good blocked, 462/462
# (before: 600/610, 5/645, 462/462; rules alone 599/610, 3/645, 443/462, before 570/610, 5/645,
# 433/462); held-out: the figures below (leaks and good replies blocked as in rounds 8 and 9; two
# fewer bad-tone replies stopped than round 9, 39/41, still above the target).
# Round 9
# (development9.yaml, a ninth blind author, measured once before, on the round-8 coach with its
# reader: 42/62 leaking replies blocked for a leak (68%), 8/59 good blocked (14%), 41/43 tone stopped
# (95%); with the reader first retrained on nine sets and no rule changed: 55/62, 8/59, 43/43, rules
# alone 30/62, 8/59, 38/43; then rules by class -- initials after a dash sign a reply ("– DK"); an
# acknowledgement in other words (a point granted, "grand to hear", "we'd love to see", praise
# passed on); something done to the customer that should not have been is not blame ("charged
# when you shouldn't have been"); a store's closure hinted at without a date; another customer
# named as a winner or with their town; what staff are told to do and why it suits us; the size or
# harm of a scam; the customer's street named as theirs; a visit's day without its hours and a
# place on the day's route; when a coming sale starts (unless the sentence says it was announced),
# a coming catalogue, an update on a model; a colleague taken ill, what happens to a colleague after
# a complaint, a named colleague's shift, a colleague named by the job they did; a file or booking
# read out, a name from a booking, a purchase from the records, a house found by its name; teams
# merged, a parcel's place inside our buildings, an internal standard; a maker named with what it
# makes, a fault others share; a refund's amount promised, an email without its ending, an order
# number after a comma; lecturing before a complaint -- and the reader trained on nine sets):
# development9 62/62, 1/59, 43/43, leak precision 1.00 recall 1.00, tone precision 0.98 recall 1.00
# (rules alone 60/62, 1/59, 38/43); all-dev 548/548, 3/583 good blocked, 420/420 (before: 541/548,
# 10/583, 420/420; rules alone 537/548, 3/583, 400/420, before 506/548, 10/583, 400/420); held-out:
# the figures below (leaks and good replies blocked as in round 8, one more bad-tone reply stopped).
# Round 8
# (development8.yaml, an eighth blind author, measured once before, on the round-7 coach with its
# reader: 33/45 leaking replies blocked for a leak (73%), 5/60 good blocked (8%), 34/35 tone stopped
# (97%); leak precision 0.89 recall 0.73, tone precision 0.87 recall 0.94; then rules by class --
# a signature with name, role and place; a colleague on their own account who says so and points
# to official help owes no acknowledgement; a store or plan with its time ("pencilled in"), a maker
# named by what it does for us, a step taken against a colleague, a colleague named with their
# store, data exposed in other words, a guess at which products a recall affects, the records
# quoted, a discount on the next order, a rumour about a store denied; workload and other
# customers complained about, a mock remedy; a wink is a hint only beside launch or time words and
# "may" a month only as "May"; public promises (refunds, vouchers, exceptions, rewards for a review)
# are leaks now, not practice, as two blind authors read them -- and the reader's thresholds chosen
# leaving one development set out at a time, as the lowest blocking at most 3 in 100 good replies
# of every left-out set (leak 0.75, tone 0.60; five random folds gave 0.65 and 0.50); with the
# rules as they are, left-out sets read by a reader not trained on them: good blocked 28/524 at the
# old thresholds, 12/524 at the new (worst set 9/79 and 4/79), leaks 486/486 and 483/486, tone
# 376/377 and 374/377; the reader alone 26/524 and 10/524 good, 310/486 and 243/486 leaks, 304/377
# and 274/377 tone -- and the reader trained on eight sets): development8 45/45, 0/60, 35/35, leak
# precision 1.00 recall 1.00, tone precision 0.92 recall 1.00 (rules alone 43/45, 0/60, 31/35);
# all-dev 486/486, 2/524 good blocked, 377/377 (rules alone 476/486, 2/524, 362/377); held-out:
# the figures below (fewer good replies blocked and fewer leaks caught than round 7, as the stricter
# thresholds foretold on the left-out sets; kept, since choosing between rounds by the held-out set
# would be tuning on it). Round 7
# (development7.yaml, a seventh blind author, measured once before, on the round-6 coach with its
# reader: 33/48 leaking replies blocked for a leak (69%), 3/48 good blocked (6%), 30/36 tone stopped
# (83%); leak precision 0.97 recall 0.69, tone precision 0.85 recall 0.78; then rules by class --
# spelled-out order prefixes, a customer's health aid or condition, data incidents, more ways into
# an AI tool, fees beside their amount, dated order history, photos of labels or systems, HR
# decisions, a house described on its street, public promises (vouchers, one-off exceptions,
# liability, which is also a legal matter), colleagues blamed by description, the writer's own
# workload, safety records held up, a post called fake, the customer's words called too much,
# competitors knocked, mocking thanks; scammers as a danger and an impostor's account as not ours
# are no longer read as insult and blame -- and the reader trained on seven sets): development7
# 48/48, 0/48, 36/36, leak precision 1.00 recall 1.00, tone precision 0.97 recall 1.00; all-dev
# 441/441, 2/464 good blocked, 342/342 (rules alone: development7 42/48, 0/48, 29/36); held-out
# 53/55 leaks, 4/52 good blocked, 41/41 tone. Round 6: held-out 52/55 leaks, 5/52 good blocked, 40/41 tone
# (development6.yaml, a sixth blind author, measured once before: rules alone 34/62 leaks, 4/62
# good blocked, 40/47 tone; with the round-5 reader 41/62, 4/62, 43/47; then rules by class --
# records and history, internal details, promises in public, signatures with a role -- and the
# reader trained on six sets). Round 5
# (the second reader, coach/reader.py, trained on the five development sets; its design was judged
# by training on the sets before a blind one and measuring that one: rules of aa501ef on
# development4/5 40/68 and 20/52 leaks, 19/60 and 10/51 good blocked, 36/50 and 26/41 tone; with a
# reader trained on the first three sets 46/68, 23/52, 19/60, 11/51, 44/50, 34/41; rules of 14edc85
# on development5 25/52, 3/51, 27/41, with a reader trained on four sets 34/52, 4/51, 34/41): 50/55
# leaks, 4/52 good blocked, 40/41 tone. Round 4 (tuned on development5.yaml by class): 46/55
# leaks, 3/52 good blocked, 33/41 bad tone. Round 3 (rules written from the
# policy's lists, tuned on development4.yaml): 46/55 leaks, 3/52 good blocked, 33/41 bad tone,
# tone recall 0.61. Each blind set, measured before tuning on it, shows how far the rules are from
# replies they have not seen: development4 40/68 leaks, 19/60 good blocked, 36/50 tone;
# development5 (after round 3) 25/52, 3/51, 27/41. Round 2 (rules of aa501ef): 44/55 leaks,
# 3/52 good blocked, 34/41 bad tone stopped, leak precision 0.96 recall 0.80, tone precision 0.92
# recall 0.56.
# Round 1 (rules of daaa768): 43/55 leaks, 4/52 good blocked, 34/41 bad tone stopped, leak
# precision 0.93 recall 0.78, tone precision 0.92 recall 0.54. Before round 1: 38/55, 7/52, 34/41.
# A failing target stays visible as an xfail.
HELDOUT_FIGURES = (
    "held-out set, measured once on the round-76 coach (rules and second reader): leak precision 0.93,"
    " recall 0.96; tone precision 0.93, recall 0.90; {}"
)


@pytest.mark.xfail(strict=False, reason=HELDOUT_FIGURES.format("53/55 leaking replies blocked for a leak"))
def test_heldout_set_every_leak_is_caught(heldout):
    assert heldout.leak_replies >= 40
    assert heldout.leak_replies_blocked == heldout.leak_replies, quality.format_report(heldout)


@pytest.mark.xfail(strict=False, reason=HELDOUT_FIGURES.format("4/52 good replies blocked (8%)"))
def test_heldout_set_at_most_one_good_reply_in_twenty_is_blocked(heldout):
    assert heldout.good_total >= 40
    assert heldout.good_blocked * 20 <= heldout.good_total, quality.format_report(heldout)


# Met since round 5 (40/41 stopped; round 6 the same; round 7 41/41; round 8 40/41; round 9 41/41;
# round 10 39/41; round 11 39/41; round 12 40/41; round 13 38/41; round 14 39/41; round 15 41/41;
# round 16 38/41; round 17 39/41; round 18 40/41; round 19 41/41; round 20 40/41; round 21 41/41;
# round 22 40/41; round 23 41/41; round 24 41/41; round 25 41/41; round 26 41/41; rounds 27
# and 28 39/41; rounds 29 and 30 40/41; rounds 31 and 32 40/41; rounds 33 and 34 40/41; rounds 35
# and 36 40/41; rounds 37 and 38 40/41; rounds 39 and 40 40/41; rounds 41 and 42 41/41; rounds
# 43 to 46 38/41; rounds 47 and 48 38/41; rounds 51 to 56 38/41; rounds 57 and 58 39/41; rounds
# 59 and 60 39/41; rounds 61 and 62 39/41; rounds 63 and 64 39/41; rounds 65 and 66 39/41; rounds
# 67 and 68 39/41; rounds 69 and 70 39/41; rounds 71 to 74 38/41; rounds 75 and 76 39/41).
def test_heldout_set_at_least_nine_bad_tone_replies_in_ten_are_stopped(heldout):
    assert heldout.tone_total >= 30
    assert heldout.tone_stopped * 10 >= heldout.tone_total * 9, quality.format_report(heldout)
