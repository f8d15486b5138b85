"""Exercises for ``12_scaling.ipynb``: batches across replicas, the linear scaling rule,
choosing a distribution strategy, and a multi-worker ``TF_CONFIG``."""

import json

from course_utils.exercises import calls, checks
from course_utils.exercises.core import Incorrect, Question

# Question 1: a hospital's GPU server.
GPUS, GLOBAL_BATCH = 4, 256


q1 = checks.number_question(
    "Question 1 (per-replica batch)",
    expected=GLOBAL_BATCH / GPUS,
    count=True,
    known_mistakes={
        GLOBAL_BATCH * GPUS: "the global batch is split across the GPUs, not copied to each: "
                             "divide, don't multiply.",
        GLOBAL_BATCH: "that is the global batch, the examples all GPUs see together in one step.",
    },
    hint="MirroredStrategy splits each global batch evenly across the replicas (one per GPU).",
    solution="answer_per_replica_batch = 256 // 4   # 64 examples per GPU per step",
)


SCALING_CASES = [((3e-3, 64, 256), 1.2e-2), ((1e-3, 32, 32), 1e-3), ((0.1, 256, 64), 0.025),
                 ((2e-4, 10, 15), 3e-4)]


def _check_scaled_learning_rate(answer: object) -> None:
    if callable(answer):
        inverted = calls.call(answer, 3e-3, 64, 256, name="scaled_learning_rate")
        if isinstance(inverted, float) and abs(inverted - 3e-3 * 64 / 256) < 1e-12:
            raise Incorrect("your function shrinks the learning rate when the batch grows: "
                            "the ratio is upside down.")
    checks.expect_function(answer, SCALING_CASES, atol=1e-12, name="scaled_learning_rate")


q2 = Question(
    "Question 2 (linear scaling rule)",
    _check_scaled_learning_rate,
    hint="A batch k times larger averages the gradient over k times more examples and takes k times "
         "fewer steps per epoch; the rule multiplies the learning rate by the same k = new / base.",
    solution="def scaled_learning_rate(base_learning_rate, base_batch, new_batch):\n"
             "    return base_learning_rate * new_batch / base_batch",
    points=2,
)

STRATEGY_OPTIONS = {
    "a": "OneDeviceStrategy uses a single device: the other seven GPUs would sit idle.",
    "b": "MirroredStrategy keeps all replicas on one machine; it cannot reach the second server's GPUs.",
    "c": "MultiWorkerMirroredStrategy: one replica per GPU on every machine, gradients all-reduced "
         "across the network.",
    "d": "A larger batch on one GPU uses no more hardware; the second server stays idle.",
}


q3 = checks.choice_question(
    "Question 3 (choosing a strategy)",
    correct="c",
    explanations=STRATEGY_OPTIONS,
    hint="Count the machines, not only the GPUs: which strategy synchronises replicas on several hosts?",
    solution="answer_strategy = 'c'   # MultiWorkerMirroredStrategy, with TF_CONFIG on each machine",
)

# Question 4: the second of two workers in a cluster.
WORKERS = 2
TASK_INDEX = 1


def _as_config(answer: object) -> dict:
    if isinstance(answer, str):
        try:
            answer = json.loads(answer)
        except json.JSONDecodeError:
            raise Incorrect("your string is not valid JSON; build a dict and use json.dumps.") from None
    if not isinstance(answer, dict):
        raise Incorrect(f"expected a dict (or its JSON string), got {type(answer).__name__}.")
    return answer


def _check_tf_config(answer: object) -> None:
    config = _as_config(answer)
    if set(config) != {"cluster", "task"}:
        raise Incorrect(f"TF_CONFIG needs exactly the keys 'cluster' and 'task'; yours has {sorted(config)}.")
    cluster, task = config["cluster"], config["task"]
    workers = cluster.get("worker") if isinstance(cluster, dict) else None
    if not isinstance(workers, list) or not all(isinstance(w, str) and ":" in w for w in workers):
        raise Incorrect("'cluster' must map 'worker' to a list of 'host:port' strings.")
    if len(workers) != WORKERS or len(set(workers)) != WORKERS:
        raise Incorrect(f"the cluster lists {len(set(workers))} distinct workers; this cluster has a "
                        "different number of machines.")
    if not isinstance(task, dict) or task.get("type") != "worker":
        raise Incorrect("'task' must be a dict whose 'type' is 'worker'.")
    if task.get("index") == 0:
        raise Incorrect("index 0 is the first worker (the chief); this is the other machine.")
    if task.get("index") != TASK_INDEX or isinstance(task.get("index"), bool):
        raise Incorrect("the task's 'index' must be this machine's position in the worker list.")


q4 = Question(
    "Question 4 (TF_CONFIG for the second worker)",
    _check_tf_config,
    hint="Every machine gets the same 'cluster' (all workers' host:port) and its own 'task': "
         "{'type': 'worker', 'index': its position in that list, counting from 0}.",
    solution='answer_tf_config = {"cluster": {"worker": ["node-a:12345", "node-b:12345"]},\n'
             '                    "task": {"type": "worker", "index": 1}}',
)
