import type { LoginResponse, UserDto } from '@sansui/shared';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { api, tokenStore } from './api/client';

/** The signed-in staff account as POST /auth/staff answers it. */
export type StaffUser = UserDto;

interface AuthState {
  user: StaffUser | null;
  login(username: string, password: string): Promise<StaffUser>;
  logout(): void;
}

const AuthContext = createContext<AuthState | null>(null);

/** Auth provider: the token and the user live in localStorage; the data provider reads the token from there. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<StaffUser | null>(() => (tokenStore.get() ? tokenStore.user<StaffUser>() : null));
  const login = useCallback(async (username: string, password: string) => {
    const res = await api.post<LoginResponse>('/auth/staff', { username, password });
    const u: StaffUser = { ...res.user, username };
    tokenStore.set(res.token, u);
    setUser(u);
    return u;
  }, []);
  const logout = useCallback(() => {
    tokenStore.clear();
    setUser(null);
  }, []);
  const value = useMemo(() => ({ user, login, logout }), [user, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('AuthProvider missing');
  return ctx;
}
