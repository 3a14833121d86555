//! A keyed actor's bounded mailbox: what routing queued for it and it has not
//! taken yet.
//!
//! One small lock guards the queue, whether it still takes commands, and
//! whether a `Wake` is on its way to the actor. A sender learns in the same
//! step whether it must wake the actor (only the first command after the actor
//! last looked does); the actor takes a whole chunk in one step. That is one
//! lock per command and one per chunk, where a channel plus a separate wake
//! flag cost a semaphore and atomics per command on top.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

/// Why a command was handed back instead of queued.
pub(crate) enum Refused<C> {
    /// `capacity` commands wait already (answered 429).
    Full(C),
    /// The actor finished or routing moved away: route it again.
    Closed(C),
}

/// What [`Mailbox::take`] found.
pub(crate) struct Taken<C> {
    pub commands: Vec<C>,
    /// Closed and nothing left: the actor settles and passivates.
    pub closed: bool,
    /// More wait than one chunk: the actor must wake itself again.
    pub more: bool,
}

struct Queue<C> {
    commands: VecDeque<C>,
    closed: bool,
    /// A `Wake` was sent and the actor has not taken since.
    woken: bool,
}

pub(crate) struct Mailbox<C> {
    capacity: usize,
    queue: Mutex<Queue<C>>,
}

impl<C> Mailbox<C> {
    pub(crate) fn new(capacity: usize) -> Self {
        debug_assert!(capacity > 0);
        Self {
            capacity,
            queue: Mutex::new(Queue {
                commands: VecDeque::new(),
                closed: false,
                woken: false,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue<C>> {
        // A queue stays consistent across a panic elsewhere (no user code runs
        // under this lock).
        self.queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queues `command`. `Ok(true)`: the caller must wake the actor.
    pub(crate) fn push(&self, command: C) -> Result<bool, Refused<C>> {
        let mut queue = self.lock();
        if queue.closed {
            return Err(Refused::Closed(command));
        }
        if queue.commands.len() >= self.capacity {
            return Err(Refused::Full(command));
        }
        queue.commands.push_back(command);
        let wake = !queue.woken;
        queue.woken = true;
        Ok(wake)
    }

    /// Takes up to `max` commands, oldest first.
    pub(crate) fn take(&self, max: usize) -> Taken<C> {
        let mut queue = self.lock();
        let n = queue.commands.len().min(max);
        let commands: Vec<C> = queue.commands.drain(..n).collect();
        let more = !queue.commands.is_empty();
        // A `Wake` for what is left is the caller's to send; the next command
        // after this wakes the actor itself.
        queue.woken = more;
        Taken {
            commands,
            closed: queue.closed && !more,
            more,
        }
    }

    /// Whether nothing waits.
    pub(crate) fn is_empty(&self) -> bool {
        self.lock().commands.is_empty()
    }

    /// Takes no more commands; what waits is still taken by [`Mailbox::take`].
    pub(crate) fn close(&self) {
        self.lock().closed = true;
    }

    /// Takes no more commands and hands back what waits.
    pub(crate) fn close_and_take(&self) -> Vec<C> {
        let mut queue = self.lock();
        queue.closed = true;
        queue.commands.drain(..).collect()
    }
}
