# Which intersections Fairlearn 0.9's MetricFrame lists for test/fixtures/audit/intersections.csv
# (the empty ones with count 0 and NaN metrics), for test/engine/audit-semantics.test.ts. Run from
# the repository root: PYTHONPATH=../shared/peers /usr/bin/python3 bench/peers/fairlearn-intersections.py
import pandas as pd
from fairlearn.metrics import MetricFrame, count, selection_rate

data = pd.read_csv("test/fixtures/audit/intersections.csv")
frame = MetricFrame(
    metrics={"count": count, "selection_rate": selection_rate},
    y_true=data["label"],
    y_pred=data["prediction"],
    sensitive_features=data[["race", "sex", "age"]],
)
print(frame.by_group.to_string())
