# Expected values for test/engine/audit-weights.test.ts: Fairlearn 0.9's MetricFrame with
# sample_weight on test/fixtures/audit/weighted.csv, grouped by race and by race x sex.
# Run from the repository root:
#   PYTHONPATH=../shared/peers /usr/bin/python3 bench/peers/fairlearn-weights.py
# (Debian packages: apt-get install -y python3-pandas python3-sklearn python3-scipy)
import json

import pandas as pd
from sklearn.metrics import accuracy_score, precision_score, roc_auc_score
from fairlearn.metrics import (
    MetricFrame,
    count,
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
import fairlearn

data = pd.read_csv("test/fixtures/audit/weighted.csv")
y, p, s, w = data["label"], data["prediction"], data["score"], data["weight"]
metrics = {
    "selection_rate": selection_rate,
    "true_positive_rate": true_positive_rate,
    "false_positive_rate": false_positive_rate,
    "false_negative_rate": false_negative_rate,
    "accuracy": accuracy_score,
    "positive_predictive_value": precision_score,
}
params = {name: {"sample_weight": w} for name in metrics}
out = {"fairlearn": fairlearn.__version__}
for name, features in {"race": data["race"], "race&sex": data[["race", "sex"]]}.items():
    frame = MetricFrame(metrics=metrics, y_true=y, y_pred=p, sensitive_features=features, sample_params=params)
    auc = MetricFrame(metrics=roc_auc_score, y_true=y, y_pred=s, sensitive_features=features, sample_params={"sample_weight": w})
    by_group = {}
    for key, row in frame.by_group.iterrows():
        label = key if isinstance(key, str) else " & ".join(key)
        by_group[label] = {m: float(row[m]) for m in metrics}
        by_group[label]["roc_auc"] = float(auc.by_group.loc[key])
    out[name] = {
        "by_group": by_group,
        "overall": {m: float(v) for m, v in frame.overall.items()},
        "demographic_parity_difference": float(demographic_parity_difference(y, p, sensitive_features=features, sample_weight=w)),
        "demographic_parity_ratio": float(demographic_parity_ratio(y, p, sensitive_features=features, sample_weight=w)),
        "equalized_odds_difference": float(equalized_odds_difference(y, p, sensitive_features=features, sample_weight=w)),
    }
print(json.dumps(out, indent=1))
