package dev.drawbridge.admin.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.glassfish.jersey.client.ClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SCIM server on a running admin listener, driven by a real SCIM 2.0 client library
 * (UnboundID's scim2-sdk-client over a Jersey JAX-RS client), the way an identity provider's
 * connector written against it would: create, search by {@code userName eq}, retrieve, PATCH {@code
 * active} off (the user is locked and their sessions end), a group with the user as member, a group
 * replaced, the user deleted, and a wrong bearer token refused.
 */
class ScimClientTest extends ScimServerTestBase {

  final List<Client> clients = new java.util.ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(Client::close);
  }

  /** A SCIM service at the admin listener's base URL, sending {@code token} as its bearer. */
  ScimService service(String token) {
    ClientRequestFilter bearer =
        request -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    Client client =
        ClientBuilder.newClient(
                new ClientConfig().connectorProvider(new JdkHttpConnectorProvider()))
            .register(bearer);
    clients.add(client);
    return new ScimService(client.target("http://127.0.0.1:" + server.port() + "/scim/v2"));
  }

  static int status(ScimException e) {
    return e.getScimError().getStatus();
  }

  static UserResource newUser(String userName) {
    UserResource u = new UserResource();
    u.setUserName(userName);
    u.setName(new Name().setGivenName("Ada").setFamilyName("Lovelace"));
    u.setEmails(List.of(new Email().setValue(userName).setType("work").setPrimary(true)));
    u.setActive(true);
    return u;
  }

  @Test
  void aScimClientLibraryProvisionsSearchesDeactivatesGroupsAndDeletesAUser() throws Exception {
    ScimService scim = service(TOKEN);
    String user = "ada@corp.example";
    String session = liveSession(user);

    UserResource created = scim.create("Users", newUser(user));
    assertThat(created.getId()).isNotBlank();
    assertThat(created.getUserName()).isEqualTo(user);
    assertThat(created.getActive()).isTrue();
    assertThat(created.getMeta().getLocation().toString())
        .endsWith("/scim/v2/Users/" + created.getId());

    ListResponse<UserResource> found =
        scim.searchRequest("Users")
            .filter("userName eq \"" + user + "\"")
            .invoke(UserResource.class);
    assertThat(found.getTotalResults()).isEqualTo(1);
    assertThat(found.getResources())
        .extracting(UserResource::getId)
        .containsExactly(created.getId());
    assertThat(
            scim.searchRequest("Users")
                .filter("userName eq \"nobody@corp.example\"")
                .invoke(UserResource.class)
                .getTotalResults())
        .isZero();

    UserResource got = scim.retrieve("Users", created.getId(), UserResource.class);
    assertThat(got.getName().getFamilyName()).isEqualTo("Lovelace");
    assertThat(got.getEmails()).extracting(Email::getValue).containsExactly(user);
    assertThat(control.locks().lockOf(user)).isEmpty();
    assertThat(store.sessions().find(session).orElseThrow().revokedAt()).isNull();

    GroupResource group = new GroupResource();
    group.setDisplayName("Engineering");
    group.setMembers(List.of(new Member().setValue(created.getId())));
    GroupResource g = scim.create("Groups", group);
    assertThat(g.getId()).isNotBlank();
    assertThat(g.getMembers()).extracting(Member::getValue).containsExactly(created.getId());
    assertThat(localUsers.get(user)).containsExactly("Engineering");

    g.setDisplayName("Platform Engineering");
    GroupResource replaced = scim.replace(g);
    assertThat(replaced.getDisplayName()).isEqualTo("Platform Engineering");
    assertThat(replaced.getMembers()).extracting(Member::getValue).containsExactly(created.getId());
    assertThat(scim.retrieve("Groups", g.getId(), GroupResource.class).getDisplayName())
        .isEqualTo("Platform Engineering");
    assertThat(localUsers.get(user)).containsExactly("Platform Engineering");

    UserResource off =
        scim.modifyRequest("Users", created.getId())
            .replaceValue("active", false)
            .invoke(UserResource.class);
    assertThat(off.getActive()).isFalse();
    assertThat(control.locks().lockOf(user))
        .hasValueSatisfying(l -> assertThat(l.createdBy()).isEqualTo("scim"));
    assertThat(store.sessions().find(session).orElseThrow().revokedAt()).isNotNull();

    scim.delete("Users", created.getId());
    assertThatThrownBy(() -> scim.retrieve("Users", created.getId(), UserResource.class))
        .isInstanceOfSatisfying(ScimException.class, e -> assertThat(status(e)).isEqualTo(404));
    assertThat(control.locks().lockOf(user)).isPresent();
    assertThat(scim.retrieve("Groups", g.getId(), GroupResource.class).getMembers())
        .as("a deleted user is no group's member")
        .isNullOrEmpty();
  }

  @Test
  void aScimClientWithTheWrongBearerTokenGetsA401AndChangesNothing() throws Exception {
    assertThatThrownBy(() -> service("admin-token-x").create("Users", newUser("eve@corp.example")))
        .isInstanceOfSatisfying(ScimException.class, e -> assertThat(status(e)).isEqualTo(401));
    assertThatThrownBy(() -> service("wrong").searchRequest("Users").invoke(UserResource.class))
        .isInstanceOfSatisfying(ScimException.class, e -> assertThat(status(e)).isEqualTo(401));
    assertThat(service(TOKEN).searchRequest("Users").invoke(UserResource.class).getTotalResults())
        .isZero();
  }
}
