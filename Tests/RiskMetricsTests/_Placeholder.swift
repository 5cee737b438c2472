// Tests for RiskMetrics.
