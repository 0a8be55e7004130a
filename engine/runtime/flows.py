"""Home module of the compiled Flow classes.

viewflow stores a process's flow as a dotted path ("engine/runtime.flows.
HardshipAid_v3") and imports it with import_string. PEP 562's module
__getattr__ lets any worker process, however fresh, rebuild the class of any
stored version on first use; the class is then cached on this module."""


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    from .compiler import flow_class_for_name

    flow_class = flow_class_for_name(name)
    if flow_class is None:
        raise AttributeError(f"no stored definition version compiles to {name}")
    globals()[name] = flow_class
    return flow_class
