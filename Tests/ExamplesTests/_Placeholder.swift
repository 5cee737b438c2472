// Tests for Examples.
