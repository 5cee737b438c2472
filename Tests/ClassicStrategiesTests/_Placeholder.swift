// Tests for ClassicStrategies.
