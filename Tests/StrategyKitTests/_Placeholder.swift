// Tests for StrategyKit.
