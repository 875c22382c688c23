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

from claimkit import figures, pipeline, report  # figures picks the renderer: $PLOTLY_RENDERER, else the offline one
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
findings = report.at_least(tables.findings, min_severity)
summary = report.summarise(articles, claims, tables.findings, title=title)
info = report.run_info(parameters, pipeline.reference_of(folder), articles)

# %%
HTML(report.page_style() + report.masthead(title, summary, run_date=run_date, rejected=len(tables.rejected), min_severity=min_severity))

# %% tags=["nbval-ignore-output"]
HTML(report.provenance(info))

# %% [markdown]
# ## High-severity findings

# %%
HTML(report.finding_cards(findings[findings["severity"] == "high"], articles, grid=True, empty="No high-severity findings."))

# %% [markdown]
# ## The articles, with the evidence highlighted
# Each marked passage is evidence for a finding (hover for the explanation); the findings sit beside
# the text, worst first. Red: high severity, orange: medium, grey: low.

# %%
HTML(report.article_sections(articles, findings, claims=claims))

# %% [markdown]
# ## Findings by kind and severity

# %%
figures.findings_by_kind(findings)

# %% [markdown]
# ## What several sources say about the same fact

# %%
HTML(report.table_html(report.shared_facts(tables.propositions), labels={"label": "fact", "articles": "texts"},
                       limit=40, caption="Facts stated by two or more texts, disagreements first"))

# %% [markdown]
# ## Disputed quantities: who reports what

# %%
figures.disputed_quantities(claims, findings, articles=articles)

# %% [markdown]
# ## Claims

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
# ## About this run

# %% tags=["nbval-ignore-output"]
HTML(report.run_info_html(info))

# %% tags=["remove_cell"]
if run_date:  # a rendered run: the reports index shows these headline counts
    report.write_summary(summary, run_date, reports_root=reports_root)
