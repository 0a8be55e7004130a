"""The parallel join used by compiled flows.

viewflow's Join looks up its waiting task by query; the task it finds then
loads its process twice (`task.process`, then `.coerced`), and whatever
follows the join (the decision, the End that finishes the case) works on
that third copy of the case. Handing the join task the process of the
activation that arrives saves the two reads and keeps one Case object per
transition, so the services see the End's status change without reading
the case again. The answers of the join's checks are kept for the
activation (see below). `create` follows viewflow's JoinActivation.create (2.4); everything else
is viewflow's."""

from django.utils import timezone
from viewflow.workflow import nodes
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes.join import JoinActivation
from viewflow.workflow.status import STATUS

# Recorded on a join task that continued before every started branch
# arrived, when the rest are ignored: later arrivals of the same split
# instance are absorbed instead of continuing the case a second time.
EARLY_PREFIX = "early_prefix"


class CaseJoinActivation(JoinActivation):
    # viewflow asks is_done() twice per arrival (to decide, then as the
    # transition's condition) and reads the incoming tokens a third time in
    # complete(); within one activation, under the case lock, the answers
    # cannot change, so each is read once.
    _prefixes = None
    _done = None

    def _join_token_prefixes(self):
        if self._prefixes is None:
            self._prefixes = super()._join_token_prefixes()
        return self._prefixes

    def is_done(self):
        if self._done is None:
            self._done = super().is_done()
        return self._done

    def cancel_active_tasks(self, active_tasks):
        """A join that continues early cancels the branches still open unless
        the definition says `rest: ignore`; then it remembers which split
        instance it closed, for the late arrivals."""
        if self.flow_task.rest == "ignore":
            prefixes = self._join_token_prefixes()
            self.task.data = dict(self.task.data or {}, **{EARLY_PREFIX: next(iter(prefixes))})
            self.task.save(update_fields=["data"])
            return
        super().cancel_active_tasks(active_tasks)

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        task_class = flow_task.flow_class.task_class
        if flow_task.rest == "ignore" and token.is_split_token():
            closed = _closed_join(flow_task, prev_activation, token)
            if closed is not None:
                closed.process = prev_activation.process
                closed.previous.add(prev_activation.task)
                return LateArrival(closed)
        tasks = list(
            task_class._default_manager.filter(
                flow_task=flow_task,
                process=prev_activation.process,
                status__in=[STATUS.NEW, STATUS.STARTED],
            )[:2]
        )
        if len(tasks) > 1:
            raise FlowRuntimeError("More than one join instance for process found")
        if tasks:
            task = tasks[0]
        else:
            # The first branch to arrive creates the join task, as viewflow does.
            if token.is_split_token():
                token = token.get_base_split_token()
            task = task_class(process=prev_activation.process, flow_task=flow_task, token=token)
            task.data = data if data is not None else {}
            task.seed = seed
            task.save()
        task.process = prev_activation.process
        task.previous.add(prev_activation.task)
        return cls(task)


def _closed_join(flow_task, prev_activation, token):
    """The join task that already continued for this branch's split instance."""
    prefix = "{}_".format(str(token).rsplit("_", 1)[0])
    done = flow_task.flow_class.task_class._default_manager.filter(
        flow_task=flow_task, process=prev_activation.process, status=STATUS.DONE
    )
    return next((task for task in done if (task.data or {}).get(EARLY_PREFIX) == prefix), None)


class LateArrival(CaseJoinActivation):
    """A branch arriving after its join continued (`rest: ignore`): absorbed.
    When it was the last thing open after the case reached an end, the case
    finishes now (viewflow's End finishes it only with nothing left open)."""

    @Activation.status.super()
    def create_next(self):
        process = self.process
        task_class = self.flow_class.task_class
        open_tasks = task_class._default_manager.filter(process=process, finished__isnull=True)
        ended = task_class._default_manager.filter(
            process=process, flow_task_type="END", status=STATUS.DONE
        ).exists()
        if ended and not open_tasks.exists() and process.status != STATUS.DONE:
            process.status, process.finished = STATUS.DONE, timezone.now()
            process.save(update_fields=["status", "finished"])
        return []


def _wait_condition(wait):
    """viewflow's continue_on_condition for `wait: first` / `n`: continue once
    n branches have arrived (a join with fewer started branches continues
    when they are all in, as a plain join does)."""
    if not wait or wait.get("kind", "all") == "all":
        return None
    needed = max(int(wait.get("n") or 1), 1)

    def enough(activation, active_tasks):
        arrived = activation.task.previous.exclude(status__in=[STATUS.CANCELED, STATUS.REVIVED]).count()
        return arrived >= needed

    return enough


class CaseJoin(nodes.Join):
    activation_class = CaseJoinActivation

    def __init__(self, wait=None, rest="cancel", **kwargs):
        super().__init__(continue_on_condition=_wait_condition(wait), **kwargs)
        self.rest = rest
