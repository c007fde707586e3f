"""What runs in front of Hetki: the nginx site for N server processes (nginx.conf, nginx.py)."""
