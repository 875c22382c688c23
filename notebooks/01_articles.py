# %% [markdown]
# # 01 · The corpus
#
# Which articles were read, from which outlets; when each was published and the date its text speaks
# from; the files that could not be read; and the integrity problems (redaction marks, duplicated
# clauses, damaged text) found in each article. The tables come from `claimkit run data/raw`; when they
# are missing, the first cell builds them.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder of the run's tables, relative to the project root (or absolute)

# %%
from IPython.display import display

from claimkit import pipeline, report

folder = report.processed_folder(processed_dir)  # checks the parameter; resolves it from the project root

# %%
tables = pipeline.load_outputs(folder)
articles, findings = tables.articles, tables.findings
print(f"{len(articles)} articles read, {len(tables.rejected)} files rejected")

# %% [markdown]
# ## Sources

# %%
articles[["source", "title", "author", "language", "path"]]

# %% [markdown]
# ## Published, and the date the text speaks from
# `reference_date` is inferred from the text itself; a large `days_apart` means an older story stamped
# with a later date.

# %%
report.article_dates(articles)

# %% [markdown]
# ## Files that could not be read

# %%
if len(tables.rejected):
    display(tables.rejected)
else:
    print("none: every input file was read")

# %% [markdown]
# ## Findings per article, by kind

# %%
report.findings_per_article(articles, findings)

# %% [markdown]
# ## Integrity problems, with their evidence

# %%
integrity = report.with_outlet(findings[findings["kind"] == "integrity"], articles)
integrity[["outlet", "severity", "text", "explanation"]]
