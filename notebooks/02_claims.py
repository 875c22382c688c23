# %% [markdown]
# # 02 · Claims
#
# What the articles claim: figures, dates, who said what, who holds which office. Narrow the table with
# the parameters (kinds, article, entity); the figures follow the same selection.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder of the run's tables, relative to the project root (or absolute)
kinds: list = []  # claim kinds to show (quantity, event_date, attribution, role, quote, forecast); empty: all
article: str = ""  # only articles whose id is this, or whose outlet or title contains it; empty: all
entity: str = ""  # only claims about this reference id (person/...) or naming it as subject, object or source
limit: int = 40  # rows of the claims table to show

# %%
from claimkit import figures, pipeline, report  # figures picks the renderer: $PLOTLY_RENDERER, else the offline one
from claimkit.errors import ParameterError
from claimkit.tables import CLAIM_KINDS

folder = report.processed_folder(processed_dir)
report.check_choice("kinds", kinds, CLAIM_KINDS)
if limit < 1:
    raise ParameterError(f"parameter 'limit' must be at least 1, got {limit}")

# %%
tables = pipeline.load_outputs(folder)
articles = tables.articles
claims = report.filter_claims(tables.claims, articles, kinds=kinds, article=article, entity=entity)
print(f"{len(claims)} of {len(tables.claims)} claims selected")

# %% [markdown]
# ## The claims, most check-worthy first

# %%
shown = report.with_outlet(claims, articles).sort_values("checkworthiness", ascending=False, kind="stable")
shown[["outlet", "kind", "text", "subject", "predicate", "object", "value", "qualifier", "date", "attributed_to", "checkworthiness"]].head(limit)

# %% [markdown]
# ## Claims per article and kind

# %%
figures.claims_per_article(claims, articles)

# %% [markdown]
# ## The dates the articles mention, against their publication dates

# %%
figures.date_timeline(claims, articles)

# %% [markdown]
# ## Who is quoted or cited by whom

# %%
figures.attribution_network(claims, articles=articles)
