// No two tests of this project run at once: each kills processes or restarts the broker, and a test running beside another
// would see the other's fault (and the machine's two cores are the services' own). One collection per assembly is not
// enough: a class with a [Collection] of its own (the fault tests share FaultFreeRun) is another collection, and
// collections run in parallel unless parallelisation is off.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly, DisableTestParallelization = true)]
