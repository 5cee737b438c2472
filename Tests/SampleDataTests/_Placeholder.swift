// Tests for SampleData.
