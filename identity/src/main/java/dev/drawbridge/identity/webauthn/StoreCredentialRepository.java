package dev.drawbridge.identity.webauthn;

import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import dev.drawbridge.store.WebauthnCredential;
import dev.drawbridge.store.WebauthnRepository;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The Yubico {@link CredentialRepository} over the store's {@code webauthn_credentials}. User
 * handles are hashes, so the handle-to-e-mail map is learned from every credential this repository
 * reads or registers ({@link #find} before an assertion is verified).
 */
public final class StoreCredentialRepository implements CredentialRepository {
  private final WebauthnRepository repo;
  private final Map<ByteArray, String> handles = new ConcurrentHashMap<>();

  public StoreCredentialRepository(WebauthnRepository repo) {
    this.repo = repo;
  }

  /** The stored credential with this id, if registered. */
  public Optional<WebauthnCredential> find(ByteArray credentialId) {
    Optional<WebauthnCredential> c = repo.find(credentialId.getBytes());
    c.ifPresent(w -> learn(w.userEmail()));
    return c;
  }

  void learn(String email) {
    handles.put(UserHandles.of(email), email);
  }

  void insert(WebauthnCredential c) {
    repo.insert(c);
    learn(c.userEmail());
  }

  void updateSignatureCount(ByteArray credentialId, long count) {
    repo.updateSignatureCount(credentialId.getBytes(), count);
  }

  @Override
  public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String username) {
    learn(username);
    return repo.byUser(username).stream()
        .map(
            w ->
                PublicKeyCredentialDescriptor.builder().id(new ByteArray(w.credentialId())).build())
        .collect(Collectors.toSet());
  }

  @Override
  public Optional<ByteArray> getUserHandleForUsername(String username) {
    learn(username);
    return Optional.of(UserHandles.of(username));
  }

  @Override
  public Optional<String> getUsernameForUserHandle(ByteArray userHandle) {
    return Optional.ofNullable(handles.get(userHandle));
  }

  @Override
  public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray userHandle) {
    return find(credentialId)
        .filter(w -> UserHandles.of(w.userEmail()).equals(userHandle))
        .map(StoreCredentialRepository::registered);
  }

  @Override
  public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
    return find(credentialId).map(StoreCredentialRepository::registered).stream()
        .collect(Collectors.toSet());
  }

  private static RegisteredCredential registered(WebauthnCredential w) {
    return RegisteredCredential.builder()
        .credentialId(new ByteArray(w.credentialId()))
        .userHandle(UserHandles.of(w.userEmail()))
        .publicKeyCose(new ByteArray(w.publicKeyCose()))
        .signatureCount(w.signatureCount())
        .build();
  }
}
