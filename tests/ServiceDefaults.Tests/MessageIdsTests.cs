using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.ServiceDefaults.Tests;

public class MessageIdsTests
{
    [Fact]
    public void Same_parts_give_the_same_id_and_any_change_a_different_one()
    {
        var id = MessageIds.From("ModelDiscovered", "meta-llama/Llama-2-7b", "69656aac|638500000000000000|0");

        Assert.Equal(id, MessageIds.From("ModelDiscovered", "meta-llama/Llama-2-7b", "69656aac|638500000000000000|0"));
        Assert.NotEqual(id, MessageIds.From("ModelDiscovered", "meta-llama/Llama-2-7b", "69656aac|638500000000000000|1"));
        Assert.NotEqual(MessageIds.From("ab", "c"), MessageIds.From("a", "bc"));
    }

    [Fact]
    public void Ids_carry_the_name_based_uuid_version_and_variant()
    {
        var text = MessageIds.From("x").ToString();

        Assert.Equal('5', text[14]);
        Assert.Contains(text[19], "89ab");
    }
}
