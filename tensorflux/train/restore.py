"""Restoring a checkpoint into live objects, including objects that do not exist yet.

``Restoration`` walks the saved object graph and the live one side by side, from the root,
matching edges by name. A saved variable meets a live variable: its value is assigned (after
every shape and dtype has been checked, so a bad checkpoint assigns nothing). A saved edge whose
live counterpart does not exist yet (``dense.kernel`` before the layer is built, an optimizer's
slots before its first step) becomes *pending*: the restoration keeps ``(owner, name) -> saved
object`` and the saved values stay in memory until they are used.

Restore-on-create: a pending value is assigned as soon as its object appears —

- at once, when the owner tells us: every owner with pending children carries a hook in its
  ``__dict__`` under ``_checkpoint_deferred``; an owner that creates state late calls it after
  setting an attribute::

      hooks = self.__dict__.get("_checkpoint_deferred")
      if hooks:
          hooks(self, name, value)

- otherwise at the next *sweep*, which looks again for every pending object: every method of the
  load status (``assert_consumed()``…, ``run_restore_ops()``) and every later ``save``,
  ``write``, ``restore`` or ``read`` of the checkpoint sweeps first.

When nothing is pending any more the hooks are removed and the saved values released.
"""

from __future__ import annotations

from ..framework.errors import InvalidArgumentError
from ..framework.shape import TensorShape
from . import object_graph
from .checkpoint_format import SavedGraph, SavedObject
from .object_graph import DEFERRED_HOOKS_ATTRIBUTE, MISSING

_SHOWN_UNMATCHED = 10  # how many unmatched objects an assertion message lists (as TF)


class DeferredHooks:
    """The restore-on-create hooks an owner carries while some of its children are pending."""

    def __init__(self):
        self._restorations: list[Restoration] = []

    def __call__(self, owner, name: str, value) -> None:
        for restoration in list(self._restorations):
            restoration.attribute_set(owner, name, value)

    def __bool__(self) -> bool:
        return bool(self._restorations)

    # A copied or cloned owner is a new object: it starts without the original's pending restores.
    def __copy__(self):
        return DeferredHooks()

    def __deepcopy__(self, memo):
        return DeferredHooks()


class Restoration:
    """One restore of one checkpoint file into one live root object."""

    def __init__(self, saved: SavedGraph, root):
        self.saved = saved
        self.root = root
        self.matched: dict[tuple[str, ...], object] = {}  # saved path -> live object
        self.restored_ids: set[int] = set()  # ids of live variables assigned by this restoration
        self._restored_keepalive: list = []  # keeps those ids meaningful
        self.pending: dict[tuple[int, str], tuple[object, tuple[str, ...]]] = {}  # (id(owner), name) -> ...
        self._hooked: dict[int, object] = {}  # owners carrying this restoration's hook

    # --- matching --------------------------------------------------------------------------------

    def run(self) -> None:
        """Matches from the root and assigns every value whose variable exists now."""
        self._restore_from(self.saved.root, self.root)

    def _restore_from(self, saved: SavedObject, live) -> None:
        assignments: list[tuple[SavedObject, object]] = []
        self._match(saved, live, assignments, set())
        try:
            for saved_variable, variable in assignments:
                _check_compatible(saved_variable, variable, self.saved.file_path)
        except Exception:
            self.abandon()
            raise
        for saved_variable, variable in assignments:
            variable.assign(saved_variable.value)
            saved_variable.value = None  # assigned once: the memory can go
            self.matched[saved_variable.path] = variable
            self.restored_ids.add(id(variable))
            self._restored_keepalive.append(variable)
        self._release_if_done()

    def _match(self, saved: SavedObject, live, assignments, visited) -> None:
        """Walks saved and live graphs together; collects (saved value, variable) pairs to assign.

        Objects are walked through even when matched before (a sweep walks again from the root,
        so an attribute replaced since — a list rebuilt by its owner — is seen as it is now);
        a saved value is assigned once.
        """
        if saved.path in visited:
            return
        visited.add(saved.path)
        if saved.is_variable:
            if saved.path not in self.matched and object_graph.is_variable(live):
                assignments.append((saved, live))
            return
        if object_graph.is_variable(live):
            return  # an object was saved here, a variable lives here now: they do not match
        self.matched[saved.path] = live
        for name, target_path in saved.edges.items():
            value = object_graph.child(live, name)
            if value is MISSING:
                if not (self.saved.objects[target_path].is_variable and target_path in self.matched):
                    self._defer(live, name, target_path)
            else:
                self.pending.pop((id(live), name), None)
                self._match(self.saved.objects[target_path], value, assignments, visited)

    # --- restore-on-create -----------------------------------------------------------------------

    def _defer(self, owner, name: str, target_path) -> None:
        self.pending[(id(owner), name)] = (owner, target_path)
        attributes = getattr(owner, "__dict__", None)
        if isinstance(attributes, dict) and not isinstance(owner, (list, tuple, dict)):
            hooks = attributes.get(DEFERRED_HOOKS_ATTRIBUTE)
            if not isinstance(hooks, DeferredHooks):
                hooks = attributes[DEFERRED_HOOKS_ATTRIBUTE] = DeferredHooks()
            if self not in hooks._restorations:
                hooks._restorations.append(self)
                self._hooked[id(owner)] = owner

    def attribute_set(self, owner, name: str, value) -> None:
        """The hook: ``owner.name = value`` just happened; restore into it if it was awaited."""
        entry = self.pending.get((id(owner), name))
        if entry is None or entry[0] is not owner or not object_graph.is_trackable(value):
            return
        del self.pending[(id(owner), name)]
        self._restore_from(self.saved.objects[entry[1]], value)

    def sweep(self) -> None:
        """Looks again, from the root, for every object still pending; restores into those that exist now."""
        if self.pending:
            self.pending.clear()  # walking again re-defers what is still missing
            self._restore_from(self.saved.root, self.root)

    def _release_if_done(self) -> None:
        if not self.unmatched_saved_variables():
            self.abandon()

    def abandon(self) -> None:
        """Stops waiting: removes this restoration's hooks from their owners and forgets what is pending."""
        for owner in self._hooked.values():
            attributes = getattr(owner, "__dict__", None)
            hooks = attributes.get(DEFERRED_HOOKS_ATTRIBUTE) if isinstance(attributes, dict) else None
            if isinstance(hooks, DeferredHooks) and self in hooks._restorations:
                hooks._restorations.remove(self)
                if not hooks:
                    del attributes[DEFERRED_HOOKS_ATTRIBUTE]
        self.pending.clear()
        self._hooked.clear()

    # --- what matched --------------------------------------------------------------------------

    def unmatched_saved_variables(self) -> list[SavedObject]:
        return [s for path, s in self.saved.objects.items() if s.is_variable and path not in self.matched]

    def unmatched_live_variables(self) -> list:
        return [v for v in object_graph.variables(self.root) if id(v) not in self.restored_ids]


def _check_compatible(saved: SavedObject, variable, file_path: str) -> None:
    """TF's messages for a value that does not fit its variable, plus the file it came from."""
    if saved.dtype != variable.dtype.name:
        raise InvalidArgumentError(None, None, f"Error restoring {file_path}: tensor_name = {'/'.join(saved.path)}; "
                                               f"expected dtype {variable.dtype.name} does not equal original dtype "
                                               f"{saved.dtype}")
    if not variable.shape.is_compatible_with(TensorShape(saved.value.shape)):
        raise ValueError(f"Received incompatible tensor with shape {saved.value.shape} when attempting to restore "
                         f"variable with shape {tuple(variable.shape.as_list())} and name {variable.name}. "
                         f"(checkpoint {file_path}, value '{'/'.join(saved.path)}')")


class CheckpointLoadStatus:
    """What ``Checkpoint.restore`` returns: assertions about what matched, as TF's status object."""

    def __init__(self, restoration: Restoration):
        self._restoration = restoration
        self._expect_partial = False

    def assert_consumed(self):
        """Every value in the checkpoint was restored, and every variable got a value."""
        restoration = self._restoration
        restoration.sweep()
        unresolved = restoration.unmatched_saved_variables()
        if unresolved:
            saved = unresolved[0]
            raise AssertionError(f"Unresolved object in checkpoint {object_graph.dotted(saved.path)}: a variable of "
                                 f"shape {saved.value.shape} and dtype {saved.dtype} "
                                 f"(checkpoint {restoration.saved.file_path}).")
        self._assert_live_variables_matched()
        return self

    def assert_existing_objects_matched(self):
        """Every variable that exists now got a value (values for objects not created yet may wait)."""
        self._restoration.sweep()
        self._assert_live_variables_matched()
        return self

    def assert_nontrivial_match(self):
        """Something besides the root object matched a saved object."""
        restoration = self._restoration
        restoration.sweep()
        if len(restoration.matched) <= 1:
            unmatched = [object_graph.dotted(n.path) for n in object_graph.collect(restoration.root)[1:]]
            raise AssertionError("Nothing except the root object matched a checkpointed value. Typically this means "
                                 "that the checkpoint does not match the Python program. The following objects have "
                                 f"no matching checkpointed value: {unmatched}")
        return self

    def expect_partial(self):
        """Declares that a partial restore is intended (TF silences its warnings; there are none here)."""
        self._expect_partial = True
        return self

    def run_restore_ops(self, session=None):
        """Restores values whose objects were created since (TF's graph-mode name; eager needs no ops)."""
        self._restoration.sweep()

    def initialize_or_restore(self, session=None):
        self._restoration.sweep()

    def _assert_live_variables_matched(self):
        unmatched = self._restoration.unmatched_live_variables()
        if unmatched:
            shown = min(len(unmatched), _SHOWN_UNMATCHED)
            raise AssertionError(f"Found {len(unmatched)} Python objects that were not bound to checkpointed values, "
                                 f"likely due to changes in the Python program. Showing {shown} of {len(unmatched)} "
                                 f"unmatched objects: {unmatched[:shown]}")


class InitializationOnlyStatus:
    """What ``restore(None)`` returns: nothing is restored, so every assertion fails (as TF)."""

    _MESSAGE = "No checkpoint specified (save_path=None); nothing is being restored."

    def assert_consumed(self):
        raise AssertionError(self._MESSAGE)

    def assert_existing_objects_matched(self):
        raise AssertionError(self._MESSAGE)

    def assert_nontrivial_match(self):
        raise AssertionError(self._MESSAGE)

    def expect_partial(self):
        return self

    def run_restore_ops(self, session=None):
        pass

    def initialize_or_restore(self, session=None):
        pass
