# %% [markdown] tags=["remove_cell"]
# # The claimkit report
#
# This notebook becomes the HTML report: `claimkit render report --run-date YYYY-MM-DD` (or
# `make report`) runs it headless and publishes `reports/<run_date>/report.html` without code. Run it
# here top to bottom to preview; cells tagged `remove_cell` (like this one) are left out of the HTML.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder of the run's tables, relative to the project root (or absolute)
run_date: str = ""  # ISO date of the run (filled in by claimkit render); empty: an interactive preview
title: str = "claimkit report"  # the report's headline
min_severity: str = "low"  # show findings of this severity or worse; one of: high, medium, low
reports_root: str = ""  # folder of the rendered reports, for the summary file; empty: where claimkit render publishes (reports/)

# %% tags=["remove_cell"]
from datetime import date

from IPython.display import HTML

from claimkit import figures, pipeline, report, review  # figures picks the renderer: $PLOTLY_RENDERER, else the offline one
from claimkit.errors import ParameterError
from claimkit.tables import SEVERITIES

folder = report.processed_folder(processed_dir)
report.check_choice("min_severity", min_severity, SEVERITIES)
if run_date:
    try:
        date.fromisoformat(run_date)
    except ValueError:
        raise ParameterError(f"parameter 'run_date': {run_date!r} is not an ISO date (YYYY-MM-DD)") from None
parameters = {"processed_dir": processed_dir, "run_date": run_date, "title": title,
              "min_severity": min_severity, "reports_root": reports_root}

# %% tags=["remove_cell"]
tables = pipeline.load_outputs(folder)
articles, claims = tables.articles, tables.claims
reviewed = review.apply(tables.findings, articles)  # the verdicts recorded so far (data/reviews/verdicts.jsonl)
findings = report.at_least(report.kept(reviewed), min_severity)  # dismissed findings leave the main lists
summary = report.summarise(articles, claims, reviewed, title=title)
info = report.run_info(parameters, pipeline.reference_of(folder), articles)
contents = [("findings", "Findings to review"), ("articles", "The articles, with the evidence marked"),
            ("kinds", "Findings by kind and severity"), ("facts", "What several sources say about the same fact"),
            ("quantities", "Disputed quantities"), ("claims", "Claims"), ("dismissed", "Dismissed findings"),
            ("rejected", "Files that could not be read"), ("run", "About this run")]

# %%
HTML(report.page_style() + report.masthead(title, summary, run_date=run_date, rejected=len(tables.rejected), min_severity=min_severity))

# %% tags=["nbval-ignore-output"]
HTML(report.provenance(info) + report.table_of_contents(contents))

# %% [markdown]
# ## <span id="findings"></span>Findings to review
# Worst first. Type in the search box or pick a severity, kind, outlet or review status; each card says
# what was found, quotes every source, and explains it. The code on a card is its review id:
# `claimkit review accept ID`, `dismiss ID` or `rate ID RATING` records a verdict.

# %%
HTML(report.finding_browser(findings, articles) + report.browser_script())

# %% [markdown]
# ## <span id="articles"></span>The articles, with the evidence marked
# Each marked passage carries the number of its finding, and the finding's card beside the text says why
# it was marked. Red: high severity, orange: medium, grey: low.

# %%
HTML(report.article_sections(articles, findings, claims=claims, limit=report.MAX_ARTICLES))

# %% [markdown]
# ## <span id="kinds"></span>Findings by kind and severity

# %%
figures.findings_by_kind(findings)

# %% [markdown]
# ## <span id="facts"></span>What several sources say about the same fact

# %%
HTML(report.table_html(report.shared_facts(tables.propositions), labels={"label": "fact", "articles": "texts"},
                       limit=40, caption="Facts stated by two or more texts, disagreements first"))

# %% [markdown]
# ## <span id="quantities"></span>Disputed quantities: who reports what

# %%
figures.disputed_quantities(claims, findings, articles=articles)

# %% [markdown]
# ## <span id="claims"></span>Claims

# %%
figures.claims_per_article(claims, articles)

# %%
figures.date_timeline(claims, articles)

# %%
figures.attribution_network(claims, articles=articles)

# %%
most_checkworthy = report.with_outlet(claims, articles).sort_values("checkworthiness", ascending=False, kind="stable")
HTML(report.table_html(most_checkworthy, columns=["outlet", "kind", "text", "subject", "predicate", "object", "date", "attributed_to", "checkworthiness"],
                       labels={"checkworthiness": "check-worthiness", "attributed_to": "attributed to"}, limit=40,
                       caption="The most check-worthy claims"))

# %% [markdown]
# ## <span id="dismissed"></span>Dismissed findings
# Findings a reviewer dismissed (`claimkit review dismiss ID`): counted here, left out of everything above.

# %%
HTML(report.dismissed_section(reviewed, articles))

# %% [markdown]
# ## <span id="rejected"></span>Files that could not be read

# %%
HTML(report.rejected_files(tables.rejected))

# %% [markdown]
# ## <span id="run"></span>About this run

# %% tags=["nbval-ignore-output"]
HTML(report.run_info_html(info))

# %% tags=["remove_cell"]
if run_date:  # a rendered run: the reports index shows these headline counts
    report.write_summary(summary, run_date, reports_root=reports_root)
