// The RiskMetrics module. Work in progress: see its issue.
