// Tests for PortfolioRisk.
