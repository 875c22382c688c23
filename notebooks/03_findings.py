# %% [markdown]
# # 03 · Findings
#
# Where the claims contradict the reference, each other, or the article itself, each with its evidence
# quoted from the article, what was expected, and the source of that expectation.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder of the run's tables, relative to the project root (or absolute)
min_severity: str = "low"  # show findings of this severity or worse; one of: high, medium, low
kinds: list = []  # finding kinds to show (role_conflict, numeric_conflict, ...); empty: all

# %%
from IPython.display import HTML

from claimkit import figures, pipeline, report  # figures picks the renderer: $PLOTLY_RENDERER, else the offline one
from claimkit.tables import FINDING_KINDS, SEVERITIES

folder = report.processed_folder(processed_dir)
report.check_choice("min_severity", min_severity, SEVERITIES)
report.check_choice("kinds", kinds, FINDING_KINDS)

# %%
tables = pipeline.load_outputs(folder)
articles, claims = tables.articles, tables.claims
findings = report.at_least(tables.findings, min_severity)
findings = findings[findings["kind"].isin(kinds)] if kinds else findings
print(f"{len(findings)} of {len(tables.findings)} findings selected")

# %% [markdown]
# ## The findings, worst first

# %%
report.with_outlet(findings, articles)[["outlet", "severity", "kind", "text", "expected", "explanation"]]

# %% [markdown]
# ## What several sources say about the same fact
# Each row is one fact (a proposition: the same thing counted, whose, what happened to it, when) that
# two or more texts state, with every figure they give; the checks compare figures only inside one.

# %%
report.shared_facts(tables.propositions)

# %% [markdown]
# ## Findings by kind and severity

# %%
figures.findings_by_kind(findings)

# %% [markdown]
# ## Disputed quantities across sources
# Which outlet reports which value or interval: an arrowhead marks an open end ("more than 130").

# %%
figures.disputed_quantities(claims, findings, articles=articles)

# %% [markdown]
# ## Each finding with its evidence

# %%
HTML(report.page_style() + report.finding_cards(findings, articles, link_evidence=False))
