namespace OpenAccess.Evaluator.Domain;

/// <summary>The components of a release, after the Model Openness Framework (White et al., 2024), as far as a Hub record shows them.</summary>
public enum OpennessComponent
{
    /// <summary>The model's parameters: weight files in the repository.</summary>
    Weights,
    /// <summary>The code that runs the weights: a library that loads them, or modelling code shipped with them.</summary>
    InferenceCode,
    /// <summary>The code that trained them: a training script shipped, or a code repository the card links.</summary>
    TrainingCode,
    /// <summary>The data they were trained on: Hub datasets the card names, or the card's words on it.</summary>
    TrainingData,
    /// <summary>The terms the repository is released under.</summary>
    Licence,
    /// <summary>The model card: intended use, limitations, evaluation.</summary>
    Documentation,
}

public enum ComponentStatus
{
    /// <summary>Released and obtainable: ungated weights, an open loader, a permissive licence, named Hub datasets, a complete card.</summary>
    Open,
    /// <summary>Pointed to or incomplete: a linked repository not checked to hold it, a dataset mentioned but not named, a card missing sections.</summary>
    Partial,
    /// <summary>Released under conditions: gated weights, a licence with use restrictions, non-commercial or proprietary terms.</summary>
    Restricted,
    /// <summary>The record was searched for it and holds no sign of it.</summary>
    NotFound,
    /// <summary>The signal was not harvested for this model, so nothing can be said (the reason is the evidence).</summary>
    Unknown,
}

/// <summary>The overall class; its rule is in docs/access-profiles.md, "Openness per component".</summary>
public enum OpennessClass
{
    /// <summary>Every component open.</summary>
    OpenScience,
    /// <summary>Weights, inference code and licence open.</summary>
    OpenModel,
    /// <summary>Weights released (open or gated), but the licence, the inference code or the gating keeps it from an open model.</summary>
    OpenWeights,
    /// <summary>The repository lists its files and none holds weights.</summary>
    WeightsNotReleased,
    /// <summary>The files were not listed: whether the weights are released is unknown.</summary>
    Unknown,
}

/// <summary>One component's status, the evidence it rests on (or why it is unknown) and where that evidence was read.</summary>
public sealed record ComponentOpenness(OpennessComponent Component, ComponentStatus Status, string Evidence, string Source);

/// <summary>A release's openness: one entry per component, the class they give and how many are open.</summary>
public sealed record OpennessProfile(OpennessClass Class, int OpenComponents, IReadOnlyList<ComponentOpenness> Components)
{
    public ComponentStatus StatusOf(OpennessComponent component) => Components.First(c => c.Component == component).Status;
}
