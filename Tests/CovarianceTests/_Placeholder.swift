// Tests for Covariance.
