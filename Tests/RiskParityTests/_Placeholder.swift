// Tests for RiskParity.
