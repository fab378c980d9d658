"""``/rejected``: log a rejection and get private, practical help to bounce back."""
