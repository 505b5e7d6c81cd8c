//! End-to-end tests driving the real `dbctl` binary against real servers.
