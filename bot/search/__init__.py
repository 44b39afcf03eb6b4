"""Search and recommendations: understand a fan's request and find the right story."""
