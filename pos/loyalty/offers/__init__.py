"""Offers that trigger themselves at checkout (SPEC §10): pure rules, no database, no clock.

- `bounce_back`: which ladder step a purchase number reaches, and the coupon's validity;
- `referral`: whether a referrer earns a reward, self-referral;
- `stamps`: stamps earned, rewards completed, stamps taken back on a return;
- `rewards`: buying a catalogue reward with points;
- `earn_ladder`: the monthly earn ladder's extra points.
"""
