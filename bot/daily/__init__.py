"""Story of the day: schedules, exactly-once claims, the rotation pick and the posting loop.

Nothing here imports discord: the scheduler is handed a `send` coroutine and a channel-info
callback, so all of it runs in tests with a controllable clock and a fake channel.
"""
