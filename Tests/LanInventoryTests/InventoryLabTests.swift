// Tests of the inventory's `lab:` options: read, and refused when they name no client.

import LanInventory
import LanValues
import Testing

@Suite struct InventoryLabTests {
    @Test func labClientsAreRead() throws {
        let loaded = InventoryLoader.load(text: validYAML + "\nlab: { lanstitch_clients: [bob] }\n", file: "inv.yaml")
        #expect(loaded.diagnostics.isEmpty)
        let lab = try #require(loaded.inventory?.lab)
        #expect(lab.lanstitchClients.map(\.value) == ["bob"])
        #expect(lab.lanstitchClients[0].location == SourceLocation(file: "inv.yaml", line: 13, column: 28))
    }

    @Test func openVPN3ClientsAreRead() throws {
        let loaded = InventoryLoader.load(
            text: validYAML + "\nlab: { lanstitch_clients: [bob], openvpn3_clients: [alice] }\n", file: "inv.yaml")
        #expect(loaded.diagnostics.isEmpty)
        let lab = try #require(loaded.inventory?.lab)
        #expect(lab.openvpn3Clients.map(\.value) == ["alice"])
        #expect(lab.lanstitchClients.map(\.value) == ["bob"])
    }

    @Test func aClientInBothListsIsRefused() {
        #expect(
            problems(validYAML + "\nlab: { lanstitch_clients: [bob], openvpn3_clients: [bob, alise] }\n") == [
                "13:53: lab.openvpn3_clients: 'bob' is also in lab.lanstitch_clients; a client runs one program, keep one",
                "13:58: lab.openvpn3_clients: 'alise' is not a client of this inventory; did you mean 'alice'?",
            ])
    }

    @Test func noLabMeansNoOptions() throws {
        #expect(try #require(InventoryLoader.load(text: validYAML, file: "inv.yaml").inventory).lab == nil)
    }

    @Test func unknownAndRepeatedClientsAreRefused() {
        #expect(
            problems(validYAML + "\nlab: { lanstitch_clients: [alise, bob, bob] }\n") == [
                "13:28: lab.lanstitch_clients: 'alise' is not a client of this inventory; did you mean 'alice'?",
                "13:40: lab.lanstitch_clients: 'bob' is listed twice; keep one",
            ])
    }

    @Test func unknownLabKeysAreRefused() {
        #expect(
            problems(validYAML + "\nlab: { lanstitch_client: [bob] }\n") == [
                "13:8: lab: unknown key 'lanstitch_client'; did you mean 'lanstitch_clients'? (known keys: lanstitch_clients, openvpn3_clients)"
            ])
    }
}
