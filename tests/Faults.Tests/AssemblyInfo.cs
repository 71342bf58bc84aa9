// No two tests of this project run at once: each kills processes or restarts the broker, and a test running beside another
// would see the other's fault (and the machine's two cores are the services' own).
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
