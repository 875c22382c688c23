# %% [markdown]
# # Review the findings
#
# A finding is evidence, not a verdict. Here a reviewer reads the open findings of the latest run, then
# accepts, dismisses or rates each one. Verdicts are appended to `data/reviews/verdicts.jsonl` and every
# later run and report respects them (the same as `claimkit review accept|dismiss|rate ID`). Nothing
# here needs a network connection.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder of the run's tables, relative to the project root (or absolute)
status: str = "open"  # which findings to list; one of: open, accepted, dismissed, all

# %% tags=["remove_cell"]
from IPython.display import HTML

from claimkit import report, review

folder = report.processed_folder(processed_dir)
report.check_choice("status", status, ("open", "accepted", "dismissed", "all"))
findings, articles = review.load(folder, build_if_missing=True)  # a fresh clone: runs the job on data/raw first
counts = report.summarise(articles, [], findings, title="")

# %%
print(f"{counts['findings_open']} open, {counts['findings_accepted']} accepted, "
      f"{counts['findings_dismissed']} dismissed of {counts['findings_total']} findings")

# %% [markdown]
# ## The findings
# Worst first. The search box and the filters narrow the list (they need no server; JupyterLab runs
# them once the cell has run in this session, not from a saved output); the review id in the first
# column is what the cell below takes.

# %%
HTML(report.page_style() + report.review_table(findings, articles, status=status) + report.browser_script())

# %% [markdown]
# ## Record a verdict
# Fill in a review id from the table, what you decided and why, then run the cell. `rate` accepts the
# finding with a rating of the scale in `data/reviews/settings.yaml` (its ClaimReview is written by the
# next run). Leave `decision` empty to record nothing. The same calls work in any cell:
# `review.accept(ID, note=...)`, `review.dismiss(ID, note=...)`, `review.rate(ID, "false", note=...)`.

# %%
decision = ""  # accept, dismiss or rate
review_id = ""  # from the table above (the first six characters are enough)
rating = ""  # for rate: a name, label or value of the settings' scale
note = ""  # why: kept with the verdict

if decision == "accept":
    print(review.accept(review_id, note=note, processed=folder))
elif decision == "dismiss":
    print(review.dismiss(review_id, note=note, processed=folder))
elif decision == "rate":
    print(review.rate(review_id, rating, note=note, processed=folder))
elif decision:
    raise ValueError(f"decision {decision!r}: choose accept, dismiss or rate")

# %% [markdown]
# ## Verdicts whose finding is gone
# When an article is edited (or removed) its findings change and their verdicts no longer match: they
# are listed here, never dropped, so a reviewer can look at the new finding again.

# %%
HTML(report.table_html(review.orphans(findings), columns=["id", "verdict", "rating", "kind", "article", "evidence", "by", "at"],
                       caption="Verdicts without a finding in this run"))
