# ruff: noqa: E501  (fixture articles are prose, one paragraph per line)
"""Fictional articles written for these tests (no real outlet, no real event)."""

from __future__ import annotations

CLUTTERED_TEXT = """Morning Gazette of Valdoria
Your daily window on the valley
Home > Region > Valdoria
Harbour talks in Port Elmsby end without a deal on ferry fares
Harbour talks in Port Elmsby end without a deal on...
Published on :
The ferry operators of Port Elmsby and the regional council met on Tuesday 14 March to settle the long dispute over winter fares, but the talks ended after four hours without an agreement.
Council leader Mara Olvens said the operators had asked for a subsidy that the region could not afford this year, and that a new meeting would be held before the summer timetable begins.
>> Read also : Port Elmsby fishermen protest new quota rules
The operators, grouped in the Elmsby Ferry Union, argue that fuel costs have doubled since the bridge closed, and that without help at least two crossings would stop running in November.
Fares and the winter timetable
Passengers have already seen prices rise by a fifth, and commuters from the northern islands say they now spend more on the ferry than on rent, according to a survey by the island association.
See also  Valdoria opens new cycling lane along the harbour
– Mara Olvens (@MaraOlvens) March 13, 2023 The union's spokesman, Per Hallund, said the strike notice issued last week remained in force and that crews were ready to stop work on Monday if no offer came.
Also Read  Five restaurants to try in the old town this spring
The regional transport minister is expected to visit Port Elmsby next week to meet both sides.
With AFP
Leave a Reply
Your email address will not be published.
Comments are closed.
Latest news
Valdoria football club signs young striker from the coast
The striker, who scored twelve goals last season, joins on a three-year contract and will...
Storm warning for the northern islands this weekend
You might also like
This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish. Accept Read More
"""

NEWS_PARAGRAPH_STARTS = (
    "The ferry operators of Port Elmsby",
    "Council leader Mara Olvens said",
    "The operators, grouped in the Elmsby Ferry Union",
    "Passengers have already seen prices rise",
    "The union's spokesman, Per Hallund, said",
    "The regional transport minister is expected",
)

BANNER_TEXT = """Saturday, June 3
Lake festival opens with a record crowd in Nordhavn
The lake festival of Nordhavn opened on Friday 20 January with a crowd of more than twelve thousand people, the organisers said, the largest since the festival began.
Organisers had feared that the cold weather of January would keep families at home, but the ice sculptures along the shore drew visitors from the whole province.
The festival runs until the end of the month, with concerts every evening on the frozen harbour and a market in the old fish hall.
"""

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en-GB"><head>
<title>Bridge repairs close Old Quay for a month | The Elmsby Courier</title>
<meta property="og:title" content="Bridge repairs close Old Quay for a month - The Elmsby Courier">
<meta property="og:site_name" content="The Elmsby Courier">
<meta property="article:published_time" content="2023-04-18T09:30:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Bridge repairs close Old Quay for a month</h1>
<p>The Old Quay bridge in Elmsby will close for four weeks from Monday while engineers replace the rusted
cables that hold its central span, the town council announced on Tuesday.</p>
<p>Drivers will be diverted through the industrial estate, which the council expects to add about fifteen
minutes to journeys at peak hours, and a free shuttle bus will carry pedestrians across the river.</p>
<p>Read also: Elmsby market moves to the station square</p>
<h2>Shops fear a quiet spring</h2>
<p>Shop owners along the quay said they feared losing customers during the closure, and asked the council
to waive the market fees for the month, a request the mayor promised to examine this week.</p>
<p>The engineers said the work could not wait until autumn because the cables had corroded faster than
expected after the winter storms that battered the coast in February.</p>
<p>(Reuters)</p>
</article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Elmsby council approves new budget</a></li>
<li><a href="/b">Storm damage repairs to cost millions</a></li></ul></aside>
<footer><p>© 2023 The Elmsby Courier. All rights reserved.</p></footer>
</body></html>
"""

INDEX_HTML = (
    """<!DOCTYPE html>
<html lang="en"><head><title>News | The Elmsby Courier</title></head><body>
<h1>Latest news</h1>
<ul>
"""
    + "\n".join(
        f'<li><a href="/story/{n}">Elmsby headline number {n} about the town council and harbour</a></li>'
        for n in range(1, 25)
    )
    + """
</ul>
<footer>© 2023 The Elmsby Courier</footer>
</body></html>
"""
)
