namespace OpenAccess.Evaluator.Domain;

public enum LicenceClass
{
    /// <summary>Use for any purpose (Apache, MIT, BSD, CC-BY…); copyleft licences count here, they restrict redistribution, not use.</summary>
    Permissive,
    /// <summary>Open weights under a custom licence with an acceptable-use policy or other use limits (Llama, Gemma, OpenRAIL).</summary>
    OpenWithUseRestrictions,
    /// <summary>Research or personal use only (CC BY-NC…).</summary>
    NonCommercial,
    /// <summary>No licence to the weights: closed models reached through an API.</summary>
    Proprietary,
    /// <summary>No licence given, or <c>other</c>: the card must be read.</summary>
    Unknown,
}
