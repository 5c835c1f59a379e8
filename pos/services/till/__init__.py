"""The till's one door to the services (#17): online, or from the offline journal when the central
database cannot be reached. The decision is made here and nowhere else (the window never asks).

Without a journal (env POS_OFFLINE_JOURNAL unset) every call goes straight to the online use case. With
one, a call made while online that finds the server gone (`database_unavailable`) turns the till
offline and is answered from the journal; offline, calls go to the journal until `set_online(True)`,
which the offline watcher calls once the server answers again and the journal is synced.
"""

from pos.services.till.facade import OFFLINE_UNAVAILABLE, Till, offline_start

__all__ = ["OFFLINE_UNAVAILABLE", "Till", "offline_start"]
