"""The demo's words: two blogs of commentary and analysis, written for Broadsheet."""

from datetime import timedelta

DEMO_PASSWORD = "broadsheet-demo"

PEOPLE = [
    # username, display name, e-mail, bio
    (
        "ada",
        "Ada Okafor",
        "ada@example.org",
        "Ada writes about European diplomacy and the institutions that hold it together.",
    ),
    ("grace", "Grace Lindqvist", "grace@example.org", "Grace covers trade, energy and shipping."),
    ("tomas", "Tomás Reyes", "tomas@example.org", "Tomás follows elections in the Americas."),
    ("sam", "Sam Whitfield", "sam@example.org", "A contributor: Sam's drafts wait for an editor."),
    (
        "linus",
        "Linus Marchetti",
        "linus@example.org",
        "Linus keeps Field Notes on science and technology.",
    ),
    ("mira", "Mira Chen", "mira@example.org", ""),
    ("jon", "Jon Adeyemi", "jon@example.org", ""),
    ("keiko", "Keiko Tanaka", "keiko@example.org", ""),
    ("omar", "Omar Haddad", "omar@example.org", ""),
]

DISPATCH = {
    "slug": "dispatch",
    "title": "The Dispatch",
    "tagline": "Commentary and analysis on diplomacy, trade and the world",
    "owner": "ada",
    "timezone": "Europe/London",
    "members": {"grace": "editor", "tomas": "author", "sam": "contributor"},
    "categories": [
        ("World", None),
        ("Europe", "World"),
        ("Asia", "World"),
        ("Americas", "World"),
        ("Economics", None),
        ("Trade", "Economics"),
        ("Energy", "Economics"),
        ("Analysis", None),
    ],
}

FIELD_NOTES = {
    "slug": "fieldnotes",
    "title": "Field Notes",
    "tagline": "Science and technology, slowly explained",
    "owner": "linus",
    "timezone": "Europe/Rome",
    "members": {},
    "categories": [("Science", None), ("Climate", "Science"), ("Technology", None)],
}

# Each post: author, days ago, title, categories, tags, image ("landscape"/"chart", alt, caption)
# or None, body (Markdown).
DISPATCH_POSTS = [
    (
        "ada",
        64,
        "What the Brussels Summit Actually Agreed",
        ["Europe"],
        ["summit", "diplomacy", "sanctions"],
        (
            "landscape",
            "Evening light over a line of hills",
            "The view the delegates did not see: two days indoors, one communiqué.",
        ),
        """The communiqué runs to eleven pages, and most of it restates what the member states already
believed. The parts that matter are shorter, and easy to miss.

## Three lines that changed

First, the sanctions package is now reviewed every six months instead of every year. That sounds
procedural; it is not. A shorter cycle gives every capital a regular veto, and it gives the
targets of the sanctions a calendar to lobby against.

Second, the summit agreed to **pool the purchase of gas storage** for the coming winter. It is the
first time the union has bought energy together at this scale.

Third, a new fund for reconstruction was named but not financed. Watch the autumn budget talks.

> A summit is judged by what it makes inevitable, not by what it announces.

## What was left out

Nothing was said about enlargement, though everyone talked about it in the corridors. The silence
is itself a decision: the question moves to the next presidency, and so does the risk.

- The six-month review begins in March.
- Storage purchases open in the second week of June.
- The reconstruction fund returns in October, if at all.
""",
    ),
    (
        "grace",
        58,
        "Sanctions Are a Slow Weapon",
        ["Analysis", "Trade"],
        ["sanctions", "trade"],
        None,
        """Sanctions rarely change a government's mind in months. They change its options over years,
and the evidence for that is in the trade data rather than in the speeches.

Exports of the sanctioned goods fell by a third in the first year, and then recovered by half as
shipments were rerouted through third countries. The rerouting costs money: every extra port of
call adds insurance, fuel and delay. That cost, not the ban itself, is what bites.

## Why patience is the policy

A measure that works slowly must be kept steady. Each review that opens the door to relief also
tells the target how long it must wait. The six-month cycle agreed in Brussels makes that wait
shorter and the weapon weaker.

The better question is not *are sanctions working?* but *what would we see if they were?* Fewer
new contracts, older aircraft, rising import prices for machinery. All three are visible now.
""",
    ),
    (
        "grace",
        45,
        "The Strait, the Ships and the Price of Everything",
        ["Trade"],
        ["shipping", "trade", "energy"],
        (
            "chart",
            "Bar chart of monthly freight rates with a rising trend line",
            "Container freight rates, indexed: a year of detours in one picture.",
        ),
        """One narrow strait carries about a tenth of the world's seaborne trade. When ships avoid it,
the detour around the cape adds ten to fourteen days to a voyage between Asia and Europe.

Freight rates tripled within two months. Rates are not prices on shelves, but they get there:
a container holds thousands of items, and the extra cost per item is small until it is not.

## Who pays first

1. Importers of bulky, cheap goods: furniture, toys, building materials.
2. Manufacturers who hold little stock and rely on parts arriving just in time.
3. Consumers, six to nine months later, when the contracts renew.

The insurers are the ones to watch. When war-risk premiums fall, the ships will return, whatever
the navies say.
""",
    ),
    (
        "ada",
        33,
        "Energy Security Is the New Foreign Policy",
        ["Energy", "Europe"],
        ["energy", "climate", "diplomacy"],
        (
            "landscape",
            "Wind turbines on a ridge at dawn, drawn as a silhouette",
            "Interconnectors and turbines are now as strategic as ports once were.",
        ),
        """For a generation, energy was a matter for markets and regulators. It is now a matter for
foreign ministers, and the change is permanent.

The reason is simple: a country that depends on one supplier for its heating has handed that
supplier a lever over its politics. Diversifying suppliers, building storage and connecting grids
across borders are therefore acts of foreign policy, whatever ministry pays for them.

## The climate dividend

The same investments that reduce dependence also cut emissions. Interconnectors let wind power
from the north reach the cities of the south; storage lets solar power reach the evening peak.
Security and climate policy, long rivals for the same budget, now point the same way.

That alignment will not last by itself. Cheap gas returns in most cycles, and with it the
temptation to forget.
""",
    ),
    (
        "tomas",
        26,
        "Three Elections to Watch This Spring",
        ["Americas", "Europe"],
        ["elections"],
        None,
        """Three votes this spring will say a great deal about the mood of the next few years.

**The first** is a presidential run-off in which both candidates promise to cut inflation and
neither says how. The polls are close; turnout in the rural south will decide it.

**The second** is a parliamentary election where the governing coalition may lose its majority
for the first time in twelve years. The question is not who wins but who will govern with whom.

**The third** is a referendum on electoral reform. It is the least covered and may matter most:
the new rules would decide every election after it.

I will write about each in the week before the vote.
""",
    ),
    (
        "grace",
        19,
        "Central Banks in a Fractured World",
        ["Economics", "Analysis"],
        ["central-banks", "trade"],
        None,
        """Central banks were built for a world of open trade, where a shock in one place was absorbed
by supply from another. That world is fraying, and monetary policy is harder in its absence.

When supply chains shorten, prices rise in steps rather than waves. A central bank that responds
to each step with rates risks tightening into a slowdown; one that waits risks letting
expectations drift. There is no rule that gets both right.

What is left is judgement, and judgement needs trust. Clear communication, consistent reasoning
and the humility to say *we do not know yet* are worth more now than any model.
""",
    ),
    (
        "ada",
        12,
        "Chips, Subsidies and Allies",
        ["Asia", "Trade"],
        ["semiconductors", "trade", "diplomacy"],
        None,
        """Every large economy now subsidises the manufacture of semiconductors. Allies compete for the
same factories, and the subsidies risk cancelling each other out.

The better course would be to agree which allies make what, and to share the output when supply
is short. That is harder than it sounds: it asks governments to depend on each other in the very
industry they fear to depend on anyone for.

A first step is transparency. Publishing the size and conditions of each subsidy would let
partners see where they overlap, and where a shared plan could save them all money.
""",
    ),
    (
        "tomas",
        5,
        "",
        ["Americas"],
        ["diplomacy"],
        None,
        """A short note from the border town where the two foreign ministers met this week: the café by
the bridge served both delegations on the same terrace, at separate tables. Nobody minded. It
felt like the most hopeful thing I saw all year.
""",
    ),
]

FIELD_NOTES_POSTS = [
    (
        "linus",
        50,
        "Why Weather Models Disagree",
        ["Climate"],
        ["climate", "models"],
        (
            "landscape",
            "Storm clouds over low hills",
            "Two models, one sky: ensembles show the range rather than one answer.",
        ),
        """Ask two weather models about next Thursday and they will often disagree. That is not a
failure: it is information.

A forecast starts from an estimate of the atmosphere now, and that estimate is never exact. Small
differences grow. Forecasters therefore run the same model many times from slightly different
starting points, an *ensemble*, and look at how far the runs spread.

When the runs agree, confidence is high. When they scatter, the honest forecast is a range.
""",
    ),
    (
        "linus",
        31,
        "The Quiet Revolution in Batteries",
        ["Technology"],
        ["energy", "batteries"],
        None,
        """Battery prices have fallen by about ninety per cent in fifteen years. The technology did not
change in one leap; it improved a few per cent a year, every year, as factories grew.

That steady decline is why grid storage now competes with gas plants for the evening peak, and
why the question for energy security has moved from *whether* to store power to *where*.
""",
    ),
    (
        "linus",
        8,
        "Measuring a Coastline",
        ["Science"],
        ["mathematics"],
        None,
        """How long is a coastline? It depends on the length of your ruler. Measure with a kilometre
stick and you skip every cove; measure with a metre stick and you follow each rock.

The shorter the ruler, the longer the coast, without limit. It is a lovely result, and a useful
warning for anyone who quotes a single number for something rough.
""",
    ),
]

REBLOG_COMMENTARY = """Ada's argument applies to batteries too: storage is strategy. Worth reading in
full, below."""

COMMENTS = [
    # (post title, commenter username or None for a guest, guest name, guest email, text, reply to index)
    (
        "What the Brussels Summit Actually Agreed",
        "mira",
        "",
        "",
        "The point about the six-month review is the one nobody else made. Thank you.",
        None,
    ),
    (
        "What the Brussels Summit Actually Agreed",
        "grace",
        "",
        "",
        "Agreed, and the storage purchase is bigger news than it looks: it sets a precedent.",
        0,
    ),
    (
        "What the Brussels Summit Actually Agreed",
        None,
        "Pat Morgan",
        "pat@example.net",
        "Do you think enlargement comes back before the end of the year?",
        None,
    ),
    (
        "The Strait, the Ships and the Price of Everything",
        "jon",
        "",
        "",
        "The insurers point is spot on. Premiums moved before the navies did.",
        None,
    ),
    (
        "Energy Security Is the New Foreign Policy",
        "keiko",
        "",
        "",
        "The climate dividend is real, but grids take a decade to build. Will the politics hold that long?",
        None,
    ),
]

HELD_COMMENT = (
    "What the Brussels Summit Actually Agreed",
    "Lee Harper",
    "lee@example.net",
    "First time here: is there a list of the eleven pages somewhere?",
)

LIKES = {
    "What the Brussels Summit Actually Agreed": ["mira", "jon", "keiko", "omar", "linus", "tomas"],
    "Sanctions Are a Slow Weapon": ["mira", "omar"],
    "The Strait, the Ships and the Price of Everything": ["jon", "keiko", "ada"],
    "Energy Security Is the New Foreign Policy": ["linus", "mira", "jon"],
    "Why Weather Models Disagree": ["keiko", "ada"],
}

ABOUT_DISPATCH = """**The Dispatch** is a small group of writers who follow diplomacy, trade and energy.
We publish analysis a few times a week and read every comment.

Write to the editors at editors@example.org."""

ABOUT_FIELD_NOTES = (
    "Notes on science and technology by Linus Marchetti, written slowly and revised often."
)

SCHEDULED_IN = timedelta(days=2)
