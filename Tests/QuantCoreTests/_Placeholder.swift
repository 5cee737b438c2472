// Tests for QuantCore.
